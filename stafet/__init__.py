"""Stafet: run the programmes that bring refugees into work."""
