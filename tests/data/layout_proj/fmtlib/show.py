"""An untyped helper called with a class of the script: its Rust names that class, so the two share a crate."""


def show(item):
    return "<" + item.label() + ">"
