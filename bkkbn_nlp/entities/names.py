"""Person-name helpers shared by the entity rules and quote attribution."""

from __future__ import annotations

__all__ = ["spells_blend"]


def spells_blend(word: str, parts: list[str]) -> bool:
    """Whether ``word`` is the beginnings (two letters or more) of at least two of
    ``parts``, in order, starting with the first part: "jokowi" of ["joko", "widodo"]."""

    def rest(pos: int, k: int, used: int) -> bool:
        if pos == len(word):
            return used >= 2
        for j in range(k, len(parts)):
            part = parts[j]
            for n in range(min(len(part), len(word) - pos), 1, -1):
                if word.startswith(part[:n], pos) and rest(pos + n, j + 1, used + 1):
                    return True
            if used == 0:
                return False  # the blend starts with the first word
        return False

    return rest(0, 0, 0)
