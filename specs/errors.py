"""Errors of the rule layer, distinct from target failures so reports can tell them apart."""


class RuleFileError(Exception):
    """A rule file is unreadable or breaks the rule schema; names file, line and the problem."""

    def __init__(self, file: str, line: int | None, problem: str) -> None:
        self.file = file
        self.line = line
        self.problem = problem
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {problem}")


class UnknownRuleError(KeyError):
    """A rule id given on the command line or in code names no rule in specs/."""
