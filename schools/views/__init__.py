"""The schools app's pages, split by concept."""
