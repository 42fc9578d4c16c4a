"""Adapters for data-processing frameworks; each imports its framework only when used.

- `textfix.integrations.datatrove.TextfixFormatter`: a datatrove pipeline step
  (`pip install 'textfix[datatrove]'`).
- Hugging Face `datasets`: use `textfix.clean_batch` with `Dataset.map(batched=True)`.
"""
