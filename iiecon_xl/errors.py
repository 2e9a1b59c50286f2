"""The package's one input-error class.

Every check on user input raises :class:`IIEInputError`, a :class:`ValueError`
subclass whose message starts with the name of the offending argument, e.g.
``"total_output: 148 values, but flows is 149×149"``. The Excel layer shows that
message in the cell; the CLI prints it; tests match on it.
"""


class IIEInputError(ValueError):
    """Bad input: the message names the argument and what is wrong with it."""

    def __init__(self, argument: str, problem: str):
        self.argument = argument
        self.problem = problem
        super().__init__(f"{argument}: {problem}")
