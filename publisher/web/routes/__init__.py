"""Routers: one module per audience (readers, editors, translators, admins, the API)."""
