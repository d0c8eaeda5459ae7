"""What every format shows the same way, decided once from the document and the theme."""
