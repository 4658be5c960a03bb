"""The copywriter's desk: a resident engine, its local web page (serve) and language server (lsp)."""
