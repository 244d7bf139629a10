"""The partnership app's pages, split by concept."""
