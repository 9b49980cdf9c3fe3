// The API as the page speaks it: a token kept for the browser tab (sessionStorage), and every request one
// of the documents in ../documents, sent by its SHA-256 only (a persisted query the server knows).

const TOKEN_KEY = "contactcard.token";
let hashes = null;

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function signOut() {
  sessionStorage.removeItem(TOKEN_KEY);
}

export class ApiError extends Error {
  constructor(message, code, status) {
    super(message);
    this.code = code;
    this.status = status;
  }
}

async function documentHash(name) {
  if (hashes === null) {
    const response = await fetch("/app/documents.json");
    hashes = await response.json();
  }
  const hash = hashes[name];
  if (!hash) throw new Error(`no document named ${name}`);
  return hash;
}

async function body(name, variables) {
  return {
    operationName: name,
    variables,
    extensions: { persistedQuery: { version: 1, sha256Hash: await documentHash(name) } },
  };
}

function authorization() {
  return { authorization: `Bearer ${token()}` };
}

async function answer(response) {
  let payload;
  try {
    payload = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, "HTTP_ERROR", response.status);
  }
  if (payload.errors && payload.errors.length) {
    const first = payload.errors[0];
    const code = (first.extensions && first.extensions.code) || "ERROR";
    if (!payload.data) throw new ApiError(first.message, code, response.status);
    console.warn("partial errors", payload.errors);
  }
  return payload;
}

// One operation: { data, extensions } (a request error throws an ApiError).
export async function request(name, variables = {}) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", ...authorization() },
    body: JSON.stringify(await body(name, variables)),
  });
  return answer(response);
}

// fileUpload as a GraphQL multipart request: operations, map, the file's part (and the CSRF preflight).
export async function upload(name, variables, path, file) {
  const form = new FormData();
  form.append("operations", JSON.stringify(await body(name, variables)));
  form.append("map", JSON.stringify({ 0: [`variables.${path}`] }));
  form.append("0", file, file.name);
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "graphql-preflight": "1", ...authorization() },
    body: form,
  });
  return answer(response);
}

// A download the API serves behind the token (a file, an export): fetched, then handed to the browser.
export async function download(url, filename) {
  const response = await fetch(url, { headers: authorization() });
  if (!response.ok) throw new ApiError(`download failed: HTTP ${response.status}`, "DOWNLOAD", response.status);
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  return blob;
}
