"""Start CityPlanner from a source checkout: `python main.py [ARGS]`."""

from cityplanner.app import main

main()
