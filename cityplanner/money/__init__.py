"""Money: reference exchange rates, costs converted into a trip's home currency, and totals."""
