"""Stage 1, source: read drafts (files, stdin, archives) into Draft fields with their offsets;
formats/ extracts the copy of each format, templates/render handle merge tokens and recipients."""
