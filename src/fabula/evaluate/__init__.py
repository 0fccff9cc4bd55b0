"""Evaluation on the shared corpora (PDNC, LitBank): ``fabula evaluate pdnc|litbank PATH``."""
