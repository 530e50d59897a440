"""The programme plan's three segregation figures as named recipes: the ONE place that says which variables each
figure is computed from (``computations.py`` computes them; pages, exports and reports say from this module how
close a stored figure is to the plan's definition).

The definitions are those of the programme plan of 13.4.2026 (© Espoon kaupunki), section 2 "Lähtötilanne
Yhteisöllinen Espoo -kehitysohjelman kohdealueella", subsection "Espoo kasvaa ja monimuotoistuu":

* **Kaavio 1** — the dissimilarity index D of residents of Finnish and of foreign background (*suomalaistaustaiset
  ja ulkomaalaistaustaiset*) over the small areas (28 % in 2024);
* **Kuvio 1** — the status index of four variables: the share with basic education only, the unemployed share of
  the labour force, the income level and the share of foreign-language speakers;
* **Kaavio 2** — the socioeconomic sum index from the small areas' education level, income quintile and
  unemployment (city = 100), and its weakest decile.

Each component lists *alternatives*: the first is the plan's definition, the others are stand-ins the shipped
open data allow (``stand_in=True``, with a reader's label saying what is used instead). A stand-in is used only
while the plan's variables are missing; importing them switches the recipe to the plan's definition at the next
recomputation (for a series, as soon as the plan's variables cover as many years as the stand-in, so that one series
never mixes two definitions). Which alternative was used is stored in each computation's parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Alternative:
    """``value = scale × Σnum / Σden`` (no den: ``scale × Σnum``); then ``1 − value`` if ``complement``, or
    ``1 / value`` if ``reciprocal``. ``weight`` (count variables) marks a stand-in that exists only so that the
    figure can be computed for a larger area: there its value is the ``weight``-weighted mean of its small areas'
    values (used only where no count behind it is in the data, and said so in its label).
    ``higher_is_better`` overrides the indicator's direction (a stand-in may point
    the other way, e.g. the tertiary-educated share for the basic-education-only share). ``label`` says in the
    reader's language what a stand-in uses instead of the plan's variable; ``note`` is the English provenance
    stored with the figure."""

    num: tuple[str, ...]
    den: tuple[str, ...] = ()
    scale: float = 1.0
    reciprocal: bool = False
    complement: bool = False
    higher_is_better: bool | None = None
    stand_in: bool = False
    note: str = ""
    label: object = ""
    weight: tuple[str, ...] = ()


@dataclass(frozen=True)
class IndicatorRecipe:
    """One component of a recipe: its alternatives, the plan's definition first."""

    code: str
    label: object
    alternatives: tuple[Alternative, ...]
    higher_is_better: bool

    @property
    def plan_variables(self) -> tuple[str, ...]:
        plan = self.alternatives[0]
        return tuple(dict.fromkeys(plan.num + plan.den))


@dataclass(frozen=True)
class Recipe:
    code: str
    label: object
    plan_figure: object  # where the plan defines it
    definition: object  # the plan's definition in a sentence
    components: tuple[IndicatorRecipe, ...]

    @property
    def variables(self) -> tuple[str, ...]:
        """The variables the plan's definition needs."""
        return tuple(dict.fromkeys(v for c in self.components for v in c.plan_variables))

    def component(self, code: str) -> IndicatorRecipe | None:
        return next((c for c in self.components if c.code == code), None)


PLAN_SECTION = _("programme plan 13.4.2026, section 2, “Espoo kasvaa ja monimuotoistuu”")

FOREIGN_BACKGROUND = IndicatorRecipe("foreign_background", _("residents of foreign background"), (
    Alternative(("foreign_background_count",), ("foreign_background_count", "finnish_background_count")),
    Alternative(("foreign_language_count_est",), ("population",), stand_in=True,
                note="foreign-language speakers (mother tongue other than Finnish, Swedish or Sámi) of all "
                     "inhabitants, instead of residents of foreign background",
                label=_("foreign-language speakers of all inhabitants")),
), higher_is_better=False)

BACKGROUND_DISSIMILARITY = Recipe(
    "background_dissimilarity", _("dissimilarity index D of residents of Finnish and foreign background"),
    _("Chart 1"),
    _("how evenly residents of Finnish and of foreign background are spread over the small areas"),
    (FOREIGN_BACKGROUND,))

STATUS_INDEX = Recipe("status_index", _("status index"), _("Figure 1"), _(
    "four variables: the share with basic education only, the unemployed share of the labour force, the income "
    "level and the share of foreign-language speakers"), (
    IndicatorRecipe("education", _("share of adults with basic education only"), (
        Alternative(("ko_perus",), ("ko_ika18y",)),
        Alternative(("tertiary_educated_share_pct",), scale=0.01, higher_is_better=True, stand_in=True,
                    note="tertiary-educated share of 18+ (Paavo series), higher = higher status",
                    label=_("the share with a tertiary degree (18+), reversed")),
        Alternative(("tertiary_educated_15plus_share_pct",), scale=0.01, higher_is_better=True, stand_in=True,
                    note="tertiary-educated share of 15+ (Aluesarjat), higher = higher status",
                    label=_("the share with a tertiary degree (15+), reversed")),
        # for the larger areas only (ROLLUP_STAND_INS): the number aged 15 or over is not in the shipped data
        Alternative(("tertiary_educated_15plus_share_pct",), scale=0.01, higher_is_better=True, stand_in=True,
                    weight=("population",),
                    note="tertiary-educated share of 15+ (Aluesarjat), the larger area's share as the mean of its "
                         "small areas' shares weighted by all inhabitants (the number aged 15+ is not in the data)",
                    label=_("the share with a tertiary degree (15+), reversed; for a larger area its small areas' "
                            "shares weighted by all inhabitants, as the number aged 15 or over is not in the data")),
    ), higher_is_better=False),
    IndicatorRecipe("unemployment", _("unemployment rate"), (
        Alternative(("pt_tyott",), ("pt_tyoll", "pt_tyott")),
        Alternative(("unemployment_rate_pct",), scale=0.01),
    ), higher_is_better=False),
    IndicatorRecipe("income", _("median income"), (
        Alternative(("hr_mtu",)),
        Alternative(("median_income_eur",)),
        # for the larger areas (a median does not add up over areas): total income / adults, from counts
        Alternative(("hr_ovy",), ("hr_tuy",), stand_in=True,
                    note="mean income: the inhabitants' total disposable income / inhabitants aged 18+ (Paavo "
                         "hr_ovy / hr_tuy), because a median cannot be computed for a larger area from its parts",
                    label=_("the mean income (total income / inhabitants aged 18 or over), as a median cannot be "
                            "computed for a larger area from its parts")),
    ), higher_is_better=True),
    IndicatorRecipe("foreign_language", _("share of foreign-language speakers"), (
        Alternative(("foreign_language_share_pct",), scale=0.01),
    ), higher_is_better=False),
))

# Sum index components: rates of disadvantage, 100 × area rate / city rate (city rate from totals).
SUM_INDEX = Recipe("sum_index", _("socioeconomic sum index"), _("Chart 2"), _(
    "the small areas' education level, income quintile and unemployment, each relative to the city (= 100)"), (
    IndicatorRecipe("low_education", _("low-education share"), (
        Alternative(("ko_perus",), ("ko_ika18y",)),
        Alternative(("tertiary_educated_share_pct",), scale=0.01, complement=True, stand_in=True,
                    note="1 − tertiary-educated share of 18+ (Paavo series)",
                    label=_("the share without a tertiary degree (18+)")),
    ), higher_is_better=False),
    IndicatorRecipe("low_income", _("share in the lowest income quintile"), (
        Alternative(("lowest_income_quintile_count",), ("hr_tuy",)),
        Alternative(("hr_pi_tul",), ("hr_tuy",), stand_in=True,
                    note="Paavo's lowest income class instead of the lowest income quintile",
                    label=_("the share in Paavo's lowest income class")),
        Alternative(("median_income_eur",), reciprocal=True, stand_in=True,
                    note="1 / median income (so 100 × city median / area median)",
                    label=_("the median income, reversed")),
        Alternative(("hr_tuy",), ("hr_ovy",), stand_in=True,
                    note="1 / mean income: inhabitants aged 18+ / their total disposable income (Paavo hr_tuy / "
                         "hr_ovy), because a median cannot be computed for a larger area from its parts",
                    label=_("the mean income (total income / inhabitants aged 18 or over), reversed, as a median "
                            "cannot be computed for a larger area from its parts")),
    ), higher_is_better=False),
    IndicatorRecipe("unemployment", _("unemployment rate"), (
        Alternative(("pt_tyott",), ("pt_tyoll", "pt_tyott")),
        Alternative(("unemployment_rate_pct",), scale=0.01),
    ), higher_is_better=False),
))

RECIPES = {r.code: r for r in (BACKGROUND_DISSIMILARITY, STATUS_INDEX, SUM_INDEX)}

ROLLUP_STAND_INS = "rollup_stand_ins"
"""The key, in a larger area's computation parameters, of the components computed there from a stand-in that rolls
up because the small areas' own variable does not (a median; a share whose denominator is not in the data)."""

DISSIMILARITY_COUNTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "low_income": ("hr_pi_tul", ("hr_tuy",)),
    "basic_education_only": ("ko_perus", ("ko_ika18y",)),
    "unemployed": ("pt_tyott", ("pt_tyoll", "pt_tyott")),
}
"""The socioeconomic groups whose D is computed from counts: group → (the group's count variable, the count
variables summed for the whole). One list for the knowledge base's indices (``computations.GROUPS``) and the
peer-city comparison (``schools.peers``)."""
DISSIMILARITY_GROUP = "foreign_language"  # the stored group key of the plan's D (kept for the stored series)


@dataclass(frozen=True)
class RecipeState:
    """How close a stored figure is to the plan's definition."""

    recipe: Recipe
    stand_ins: tuple[tuple[object, object], ...]  # (component label, what is used instead)
    missing: tuple[object, ...]  # component labels with no data at all

    @property
    def follows_plan(self) -> bool:
        return not self.stand_ins and not self.missing

    def note(self) -> str:
        """A sentence for pages, maps, exports and reports; "" when the figure follows the plan's definition."""
        if self.follows_plan:
            return ""
        parts = [str(_("%(component)s from a stand-in: %(instead)s")) % {"component": c, "instead": i}
                 for c, i in self.stand_ins]
        if self.missing:
            parts.append(str(_("missing: %(components)s")) % {"components": ", ".join(str(m) for m in self.missing)})
        details = "; ".join(parts)
        return str(_("Not yet the plan's definition (%(plan)s, %(figure)s: %(definition)s). %(details)s.")) % {
            "plan": PLAN_SECTION, "figure": self.recipe.plan_figure, "definition": self.recipe.definition,
            "details": details[:1].upper() + details[1:]}


def _alternative(component: IndicatorRecipe, described: dict) -> Alternative | None:
    index = described.get("alternative")
    if isinstance(index, int) and 0 <= index < len(component.alternatives):
        return component.alternatives[index]
    variables = tuple(described.get("variables") or ())
    return next((a for a in component.alternatives if a.num == variables), None)


def recipe_state(recipe: Recipe, components: dict) -> RecipeState:
    """The state of a figure from the ``components`` stored in its computation's parameters (``{component code:
    {"variables", "stand_in", "alternative", …}}``)."""
    stand_ins: list[tuple[object, object]] = []
    missing: list[object] = []
    for component in recipe.components:
        described = components.get(component.code)
        if described is None:
            missing.append(component.label)
            continue
        alt = _alternative(component, described)
        if described.get("stand_in") or (alt is not None and alt.stand_in):
            stand_ins.append((component.label, (alt.label if alt is not None and alt.label else
                                                described.get("note", ""))))
    return RecipeState(recipe, tuple(stand_ins), tuple(missing))


def state_of(kind: str, parameters: dict, group: str = "") -> RecipeState | None:
    """The recipe state of a stored computation (``Computation.kind`` and ``parameters``), or None when the
    figure is not one of the plan's (e.g. D of the unemployed)."""
    if kind in ("status_index", "sum_index"):
        return recipe_state(RECIPES[kind], parameters.get("components") or {})
    if kind in ("segregation", "segregation_within") and group == DISSIMILARITY_GROUP:
        described = (parameters.get("groups") or {}).get(group) or {}
        return recipe_state(BACKGROUND_DISSIMILARITY, described.get("components") or {})
    return None
