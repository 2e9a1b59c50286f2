"""The Excel boundary: cell coercion, the function registry and the functions by topic."""
