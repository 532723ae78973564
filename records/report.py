"""What loading a record set did, entry by entry."""

from dataclasses import dataclass, field


@dataclass
class Outcome:
    key: str
    action: str  # created | updated | unchanged | skipped
    reason: str = ""


@dataclass
class LoadReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for outcome in self.outcomes if outcome.action == action)

    def summary(self) -> str:
        return ", ".join(
            f"{self.count(action)} {action}"
            for action in ("created", "updated", "unchanged", "skipped")
        )

    def changes(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.action != "unchanged"]
