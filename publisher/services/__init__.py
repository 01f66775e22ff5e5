"""Newsroom services: submit, dispatch, review, publish, memory, glossary, accounts,
reconcile and exchange. Each opens its own transaction; none imports the worker."""
