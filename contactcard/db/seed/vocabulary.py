"""Words the generator draws from: names in Spanish, Portuguese, Russian and English, and the things a CRM
records about people (our product descriptions come from CRMs in those languages)."""

from __future__ import annotations

FIRST_NAMES = {
    "es": [
        "Lucía",
        "Mateo",
        "Sofía",
        "Santiago",
        "Valentina",
        "Diego",
        "Camila",
        "Alejandro",
        "Martina",
        "Javier",
        "Isabel",
        "Andrés",
        "Carmen",
        "Pablo",
        "Elena",
        "Raúl",
        "Paula",
        "Sergio",
    ],
    "pt": [
        "João",
        "Ana",
        "Pedro",
        "Beatriz",
        "Lucas",
        "Mariana",
        "Gabriel",
        "Larissa",
        "Rafael",
        "Juliana",
        "Thiago",
        "Fernanda",
        "Bruno",
        "Camila",
        "Felipe",
        "Letícia",
        "Gustavo",
        "Leonora",
    ],
    "ru": [
        "Иван",
        "Анна",
        "Дмитрий",
        "Мария",
        "Алексей",
        "Екатерина",
        "Сергей",
        "Ольга",
        "Андрей",
        "Наталья",
        "Михаил",
        "Татьяна",
        "Николай",
        "Елена",
        "Павел",
        "Юлия",
        "Артём",
        "Ксения",
    ],
    "en": [
        "Emma",
        "Liam",
        "Olivia",
        "Noah",
        "Ava",
        "James",
        "Mia",
        "Oliver",
        "Charlotte",
        "Henry",
        "Amelia",
        "Jack",
        "Harper",
        "Leo",
        "Grace",
        "Samuel",
        "Chloe",
        "Daniel",
    ],
}
LAST_NAMES = {
    "es": [
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Fernández",
        "Ruiz",
        "Díaz",
        "Moreno",
        "Álvarez",
        "Romero",
        "Navarro",
        "Torres",
    ],
    "pt": [
        "Silva",
        "Santos",
        "Oliveira",
        "Souza",
        "Rodrigues",
        "Ferreira",
        "Alves",
        "Pereira",
        "Lima",
        "Gomes",
        "Costa",
        "Ribeiro",
        "Martins",
        "Carvalho",
    ],
    "ru": [
        "Иванов",
        "Смирнов",
        "Кузнецов",
        "Попов",
        "Васильев",
        "Петров",
        "Соколов",
        "Михайлов",
        "Новиков",
        "Фёдоров",
        "Морозов",
        "Волков",
        "Лебедев",
        "Козлов",
    ],
    "en": [
        "Smith",
        "Johnson",
        "Williams",
        "Brown",
        "Jones",
        "Miller",
        "Davis",
        "Wilson",
        "Taylor",
        "Anderson",
        "Thomas",
        "Moore",
        "Clark",
        "Walker",
    ],
}
# Latin spellings for email local parts of Russian names.
TRANSLIT = str.maketrans(
    {
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "sch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "á": "a",
        "é": "e",
        "í": "i",
        "ó": "o",
        "ú": "u",
        "ã": "a",
        "õ": "o",
        "ç": "c",
        "ê": "e",
        "ô": "o",
        "â": "a",
        "ñ": "n",
        "ü": "u",
    }
)
FEMALE_FIRST_NAMES = frozenset(
    {
        "Lucía", "Sofía", "Valentina", "Camila", "Martina", "Isabel", "Carmen", "Elena", "Paula",
        "Ana", "Beatriz", "Mariana", "Larissa", "Juliana", "Fernanda", "Letícia", "Leonora",
        "Анна", "Мария", "Екатерина", "Ольга", "Наталья", "Татьяна", "Елена", "Юлия", "Ксения",
        "Emma", "Olivia", "Ava", "Mia", "Charlotte", "Amelia", "Harper", "Grace", "Chloe",
    }
)  # fmt: skip
"""First names of women: a Russian surname takes its feminine form with them (Иванов -> Иванова)."""


def russian_surname(surname: str, *, female: bool) -> str:
    """The surname in the form that agrees with the bearer's gender (the vocabulary lists masculine forms)."""
    if not female:
        return surname
    if surname.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return surname + "а"
    if surname.endswith(("ский", "цкий")):
        return surname[:-2] + "ая"
    return surname


PHONE_REGION = {"es": "ES", "pt": "BR", "ru": "RU", "en": "GB"}
"""Where a contact of each language has their phone: its numbers are valid mobile numbers there."""
CITIES = {
    "es": ["Madrid", "Barcelona", "Valencia", "Sevilla", "Bilbao", "Ciudad de México", "Buenos Aires"],
    "pt": ["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Lisboa", "Porto", "Curitiba"],
    "ru": ["Москва", "Санкт-Петербург", "Казань", "Новосибирск", "Екатеринбург"],
    "en": ["London", "New York", "Manchester", "Toronto", "Sydney", "Dublin"],
}
CURRENCY = {"es": "EUR", "pt": "BRL", "ru": "RUB", "en": "USD"}
EMAIL_DOMAINS = {
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "outlook.es", "telefonica.net"],
    "pt": ["gmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "hotmail.com"],
    "ru": ["mail.ru", "yandex.ru", "rambler.ru", "gmail.com", "bk.ru"],
    "en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "btinternet.com"],
}
"""Mail providers people of each language use: a Russian name does not get a Brazilian address."""
MESSENGERS = ["telegram", "whatsapp", "viber", "instagram", "facebook"]
INTERESTS = ["Pricing", "Demo", "Integration", "Support plan", "Enterprise", "Online course", "Partnership"]
CLOSE_REASONS = ["Bought from a competitor", "No budget", "No answer", "Duplicate", "Not interested"]
COMPANY_WORDS = [
    "Nova",
    "Alfa",
    "Tech",
    "Soluciones",
    "Comércio",
    "Group",
    "Logística",
    "Digital",
    "Studio",
    "Consulting",
    "Market",
    "Systems",
    "Grupo",
    "Serviços",
    "Pro",
]
JOB_TITLES = [
    "CEO",
    "CTO",
    "Head of Sales",
    "Marketing Manager",
    "Buyer",
    "Founder",
    "Accountant",
    "Engineer",
]
TAGS = [
    ("VIP", "#d4af37"),
    ("Lead", "#2e86de"),
    ("Customer", "#10ac84"),
    ("Partner", "#8e44ad"),
    ("Newsletter", "#95a5a6"),
    ("Webinar", "#e67e22"),
    ("Cold", "#34495e"),
    ("Hot", "#e74c3c"),
    ("Wholesale", "#16a085"),
    ("Referral", "#f39c12"),
    ("Event 2026", "#c0392b"),
    ("Churn risk", "#7f8c8d"),
]
COMMENTS = [
    "Called back, interested in the annual plan.",
    "Llamó para pedir una demo la próxima semana.",
    "Cliente pediu proposta com desconto.",
    "Просит перезвонить после обеда.",
    "Sent the pricing PDF.",
    "Reunión confirmada para el jueves.",
    "Enviado contrato para assinatura.",
    "Уточнить реквизиты для счёта.",
    "Asked about the API and webhooks.",
    "Prefers WhatsApp over email.",
]
DOCUMENT_TITLES = [
    "Service agreement",
    "Commercial proposal",
    "Contrato de prestación de servicios",
    "Propuesta comercial",
    "Proposta comercial",
    "Contrato de adesão",
    "Договор оказания услуг",
    "Коммерческое предложение",
    "NDA",
    "Invoice",
]
CHANGE_FIELDS = ["status", "assignedTo", "primaryEmail", "tags", "score"]
"""Fields whose change events the seed writes, named as the mutations name them; each at most once per
contact, its `after` the contact's current value."""
TASK_TITLES = [
    "Call back",
    "Send proposal",
    "Enviar presupuesto",
    "Preparar contrato",
    "Ligar para cliente",
    "Отправить счёт",
    "Follow up after demo",
    "Agendar reunião",
    "Перезвонить клиенту",
]
DEAL_TYPES = ["New business", "Upsell", "Renewal"]
PAYMENT_PROVIDERS = ["stripe", "paypal", "mercadopago", "yookassa"]
COURSES = [
    ("Getting started", 8),
    ("Sales basics", 12),
    ("Curso de marketing digital", 10),
    ("Gestão financeira", 6),
    ("Продажи в мессенджерах", 9),
    ("Advanced reporting", 5),
]
PAGES = ["/", "/pricing", "/blog/crm-tips", "/features/card", "/contact", "/checkout", "/docs/api"]
DEVICES = [
    ("desktop", "Windows", "Chrome"),
    ("desktop", "macOS", "Safari"),
    ("mobile", "Android", "Chrome"),
    ("mobile", "iOS", "Safari"),
    ("tablet", "iPadOS", "Safari"),
    ("desktop", "Linux", "Firefox"),
]
CAMPAIGNS = ["Welcome series", "Black Friday", "Webinar invite", "Renewal reminder", "Newsletter #42"]
FORMS = ["Contact us", "Demo request", "Newsletter signup", "Formulario de registro"]
PRODUCTS = [
    ("SKU-001", "Starter plan", "29.00"),
    ("SKU-002", "Pro plan", "99.00"),
    ("SKU-003", "Onboarding session", "150.00"),
    ("SKU-004", "E-book", "9.90"),
    ("SKU-005", "Course access", "49.00"),
]
CONSENT_SOURCES = ["web form", "double opt-in", "import", "api", "manual", "checkout"]
