"""The sub-commands of `civic-quiz`, one module each: `add_parser(subparsers)` and `run(args)`.

Each module imports only what its parser needs; what a command uses to run is imported by
its `run`, so that `civic-quiz --help` and the game start fast."""
