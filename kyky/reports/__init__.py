"""A coordinator's figures for their municipality: states, times, pilots by kind, evaluations, participants."""
