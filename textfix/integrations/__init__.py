"""Adapters for data-processing frameworks; each imports its framework only when used.

- `textfix.integrations.datatrove.TextfixFormatter`: a datatrove pipeline step
  (in a checkout: `pip install -e '.[datatrove]'`; see docs/integrations.md).
- Hugging Face `datasets`: use `textfix.clean_batch` with `Dataset.map(batched=True)`.
"""
