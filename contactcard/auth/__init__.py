"""Who is asking: tokens, the viewer, roles and the visibility scope every contact query applies."""
