"""``/schema``: the API's browsable documentation (Swagger UI, vendored: no network)."""
