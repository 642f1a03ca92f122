"""Priority levels, and the level suggested at intake.

The suggestion is a starting point for the coordinator, who may always change it; the
reasons are shown next to it so the number is never a mystery.

Scoring (points add up):

========================================  ======
factor                                     points
========================================  ======
workers affected ≥ 5 / ≥ 20 / ≥ 100        1 / 2 / 3
wage shortfall > 0 / ≥ 25 % / ≥ 50 %       1 / 2 / 3
prior cases against the employer ≥ 1 / ≥ 3   1 / 2
vulnerable workers (children, pregnancy,   3
disability, …)
========================================  ======

Level: 0–2 points → normal, 3–4 → high, 5 or more → urgent. *Low* is suggested only when
the figures positively show no shortfall (``shortfall_ratio == 0``) and nothing else
scores: a missing figure is no evidence that a case is minor.

Why these weights: collective complaints and deep underpayment hurt most people most;
a repeat offender has already ignored guidance; a vulnerable worker alone is enough for
*high*, since child labour or a pregnant worker's conditions cannot wait in the queue.
"""

from __future__ import annotations

from decimal import Decimal

from . import N_

LOW, NORMAL, HIGH, URGENT = 1, 2, 3, 4
DEFAULT_PRIORITY = NORMAL

PRIORITY_NAMES: dict[int, str] = {
    LOW: "low",
    NORMAL: "normal",
    HIGH: "high",
    URGENT: "urgent",
}
PRIORITY_LEVELS: dict[str, int] = {
    name: level for level, name in PRIORITY_NAMES.items()
}
PRIORITY_LABELS: dict[int, str] = {
    LOW: N_("Rendah"),
    NORMAL: N_("Normal"),
    HIGH: N_("Tinggi"),
    URGENT: N_("Mendesak"),
}

# (threshold, points, reason), highest threshold first; the first match wins.
_WORKER_BANDS: tuple[tuple[int, int, str], ...] = (
    (100, 3, N_("Sangat banyak pekerja terdampak (100 orang atau lebih).")),
    (20, 2, N_("Banyak pekerja terdampak (20 orang atau lebih).")),
    (5, 1, N_("Beberapa pekerja terdampak (5 orang atau lebih).")),
)
_SHORTFALL_BANDS: tuple[tuple[Decimal, int, str], ...] = (
    (Decimal("0.50"), 3, N_("Upah dibayar setengah atau kurang dari upah minimum.")),
    (Decimal("0.25"), 2, N_("Upah dibayar 25% atau lebih di bawah upah minimum.")),
    (Decimal(0), 1, N_("Upah dibayar di bawah upah minimum.")),
)
_PRIOR_BANDS: tuple[tuple[int, int, str], ...] = (
    (3, 2, N_("Pemberi kerja sudah berulang kali diadukan (3 kasus atau lebih).")),
    (1, 1, N_("Pemberi kerja pernah diadukan sebelumnya.")),
)
_VULNERABLE_POINTS = 3
_VULNERABLE_REASON = N_(
    "Menyangkut pekerja rentan (anak, hamil, penyandang disabilitas)."
)
_NO_SHORTFALL_REASON = N_("Upah yang dilaporkan tidak di bawah upah minimum.")
_NOTHING_REASON = N_("Tidak ada faktor yang menaikkan prioritas.")

_HIGH_FROM = 3
_URGENT_FROM = 5


def priority_name(level: int) -> str:
    """API name of a stored level; ValueError for a level outside 1..4."""
    try:
        return PRIORITY_NAMES[level]
    except KeyError:
        raise ValueError(f"unknown priority level {level!r}") from None


def priority_level(name: str) -> int:
    """Stored level of an API name; ValueError for an unknown name."""
    try:
        return PRIORITY_LEVELS[name]
    except KeyError:
        raise ValueError(f"unknown priority name {name!r}") from None


def _band(value, bands: tuple[tuple, ...]) -> tuple[int, str | None]:
    for threshold, points, reason in bands:
        if value >= threshold:
            return points, reason
    return 0, None


def _shortfall_band(ratio: Decimal | None) -> tuple[int, str | None]:
    # Any shortfall at all scores (strictly above zero); zero is "paid at the floor".
    if ratio is None or ratio <= 0:
        return 0, None
    return _band(ratio, _SHORTFALL_BANDS)


def _level_for(score: int) -> int:
    if score >= _URGENT_FROM:
        return URGENT
    if score >= _HIGH_FROM:
        return HIGH
    return NORMAL


def suggest_priority(
    workers_affected: int,
    shortfall_ratio: Decimal | None,
    prior_cases_against_employer: int,
    vulnerable_category: bool,
) -> tuple[int, list[str]]:
    """Suggested level (1..4) and the reasons (N_ msgids) that produced it.

    ``shortfall_ratio`` is shortfall ÷ applicable floor (0.2 = paid 20 % below the
    minimum), or None when no wage figure applies.
    """
    if workers_affected < 0 or prior_cases_against_employer < 0:
        raise ValueError("counts must not be negative")
    if shortfall_ratio is not None and shortfall_ratio < 0:
        raise ValueError("shortfall_ratio must not be negative")
    parts = [
        _band(workers_affected, _WORKER_BANDS),
        _shortfall_band(shortfall_ratio),
        _band(prior_cases_against_employer, _PRIOR_BANDS),
        (_VULNERABLE_POINTS, _VULNERABLE_REASON) if vulnerable_category else (0, None),
    ]
    score = sum(points for points, _ in parts)
    reasons = [reason for _, reason in parts if reason is not None]
    if score == 0:
        if shortfall_ratio is not None and shortfall_ratio == 0:
            return LOW, [_NO_SHORTFALL_REASON]
        return NORMAL, [_NOTHING_REASON]
    return _level_for(score), reasons
