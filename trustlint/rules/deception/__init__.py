"""Deception and compliance rules (TL6xx) that need Python: one file per rule, named by its code
(TLnnn_rule_name.py). The rest of the family is data: lexicons/*.yml with a `rule:` section."""
