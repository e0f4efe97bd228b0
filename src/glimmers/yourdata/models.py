"""What the import remembers (see importing/)."""
