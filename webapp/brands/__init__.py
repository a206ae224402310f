"""Brand profiles and their revisions: create, edit, history, compare, restore, export, import."""
