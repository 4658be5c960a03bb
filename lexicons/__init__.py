"""Built-in lexicons (YAML data). This file only makes the folder importable as trustlint.lexicons."""
