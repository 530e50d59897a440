"""Participatory budgeting: rounds with phases, budget pools (citywide + one per major district), proposals (ideas
that become projects on the ballot), the voter roll and the ballots — stored apart, with no link between them.

Privacy design (see docs/methods/participatory-budgeting.md):
* ``Voter`` (the roll) holds only ``roll_hash`` = HMAC(K_roll, voter token) — one row per person and round —
  written and committed in a transaction of its own.
* ``PendingBallot`` (the ballot box) holds a ballot sealed with AES-GCM under a key derived from the voter key,
  written in a separate transaction: random UUID key, no timestamps, nothing readable without the key.
* ``Ballot`` / ``BallotChoice`` (the counted ballots) are written only by the mixer, which moves at least ten
  pending ballots at a time (and every one at the close) in random order in one transaction that also deletes
  them from the box: one transaction id and a random physical order for the whole batch, random UUID keys.
  A ballot carries no link to the voter, only the keyed hash of a random receipt code shown once to the voter
  and a *change tag* keyed from the voter token under a key of its own (kept outside the database), with either
  of which the vote can be replaced while the voting is open; the tags are wiped when the voting closes.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from yhteiso.budgeting.models_ideas import Idea, IdeaComment, IdeaFollower, IdeaSupport  # noqa: F401 (issue 15: ideas)
from yhteiso.core.inputs import far_date_error
from yhteiso.core.localisation import Localized


class Phase(models.TextChoices):
    IDEAS = "ideas", _("ideas")
    CO_DEVELOPMENT = "co_development", _("co-development")
    FEASIBILITY = "feasibility", _("cost estimate and feasibility")
    VOTING = "voting", _("voting")
    RESULTS = "results", _("results")
    IMPLEMENTATION = "implementation", _("implementation follow-up")


PHASE_ORDER = [p.value for p in Phase]


class BallotType(models.TextChoices):
    APPROVAL = "approval", _("approval voting (choose between a minimum and a maximum number of projects)")
    KNAPSACK = "knapsack", _("knapsack voting (choose projects whose total cost fits the budget)")


class Rule(models.TextChoices):
    GREEDY = "greedy", _("greedy by votes")
    EQUAL_SHARES = "equal_shares", _("method of equal shares with add-one completion")


class Eligibility(models.TextChoices):
    """Who may vote, besides the minimum age (checked by the identity provider or at the paper-ballot desk)."""

    LIVES = "lives", _("lives in Espoo")
    LIVES_WORKS_STUDIES = "lives_works_studies", _("lives, works or studies in Espoo")
    ANYONE = "anyone", _("anyone")


class VoterBasis(models.TextChoices):
    """What a voter declares in a round open to those who live, work or study in Espoo (never stored)."""

    LIVES = "lives", _("I live in Espoo")
    WORKS = "works", _("I work in Espoo")
    STUDIES = "studies", _("I study in Espoo")


class Round(Localized, models.Model):
    slug = models.SlugField(_("address"), max_length=80, unique=True)
    name_fi = models.CharField(_("name in Finnish"), max_length=200)
    name_sv = models.CharField(_("name in Swedish"), max_length=200, blank=True)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    is_demo = models.BooleanField(_("demonstration round"), default=False,
                                  help_text=_("Shown with a clear notice that it is not a real vote."))
    is_imported = models.BooleanField(_("imported from a .pb file"), default=False)
    is_test = models.BooleanField(
        _("test or example round"), default=False,
        help_text=_("Not listed publicly. Its own address still works and says that it is not an Espoo vote."))
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices, default=Phase.IDEAS)
    ballot_type = models.CharField(_("ballot type"), max_length=20, choices=BallotType.choices,
                                   default=BallotType.APPROVAL)
    min_projects = models.PositiveSmallIntegerField(_("minimum number of projects per pool"), default=1)
    max_projects = models.PositiveSmallIntegerField(_("maximum number of projects per pool"), default=5)
    min_spend_percent = models.PositiveSmallIntegerField(
        _("minimum share of the budget to spend (%)"), default=0,
        help_text=_("Knapsack voting only: the chosen projects must cost at least this share of the pool."))
    rule = models.CharField(_("counting rule"), max_length=20, choices=Rule.choices, default=Rule.EQUAL_SHARES)
    min_age = models.PositiveSmallIntegerField(_("minimum age"), default=12)
    identity_provider = models.CharField(_("identity provider"), max_length=40, default="dev-codes")
    voting_closes_at = models.DateTimeField(_("voting closes"), null=True, blank=True)
    # the planned timetable, set on the staff pages (phases are still moved by hand; these are shown to residents)
    ideas_open_on = models.DateField(_("ideas open"), null=True, blank=True)
    ideas_close_on = models.DateField(_("ideas close"), null=True, blank=True)
    voting_opens_on = models.DateField(_("voting opens"), null=True, blank=True)
    results_on = models.DateField(_("results announced"), null=True, blank=True)
    eligibility = models.CharField(_("who may vote"), max_length=24, choices=Eligibility.choices,
                                   default=Eligibility.LIVES_WORKS_STUDIES)
    home_area_only = models.BooleanField(
        _("area vote only in one's home area"), default=False,
        help_text=_("When set, a voter whose home area is known votes in that area's pool only."))
    rules_frozen_at = models.DateTimeField(_("rules frozen"), null=True, blank=True)
    results_computed_at = models.DateTimeField(_("results computed"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True)
    programme_goal = models.ForeignKey("programme.BenefitGoal", verbose_name=_("benefit goal of funded projects"),
                                       null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    pb_meta = models.JSONField(_("pabulib metadata"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("participatory-budgeting round")
        verbose_name_plural = _("participatory-budgeting rounds")
        constraints = [
            models.CheckConstraint(condition=Q(min_projects__lte=F("max_projects")), name="pb_round_min_le_max"),
            models.CheckConstraint(condition=Q(min_spend_percent__lte=100), name="pb_round_spend_percent"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def phase_index(self) -> int:
        return PHASE_ORDER.index(self.phase)

    def reached(self, phase: str) -> bool:
        return self.phase_index >= PHASE_ORDER.index(phase)

    @property
    def results_public(self) -> bool:
        return self.results_published_at is not None

    def clean(self) -> None:
        if self.min_projects > self.max_projects:
            raise ValidationError({"min_projects": _("The minimum number of projects exceeds the maximum.")})
        far = {name: error for name in ("voting_closes_at", "ideas_open_on", "ideas_close_on", "voting_opens_on",
                                        "results_on") if (error := far_date_error(getattr(self, name)))}
        if far:
            raise ValidationError(far)


class Pool(models.Model):
    """A budget: the citywide pool (no area) or one major district's pool."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="pools")
    area = models.ForeignKey("areas.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    label = models.CharField(_("name (when not an area)"), max_length=200, blank=True)
    budget = models.PositiveIntegerField(_("budget (€)"))

    class Meta:
        ordering = ["round", "area__code", "id"]
        verbose_name = _("budget pool")
        verbose_name_plural = _("budget pools")
        constraints = [
            models.UniqueConstraint(fields=["round", "area"], name="pb_pool_one_per_area"),
            models.UniqueConstraint(fields=["round"], condition=Q(area__isnull=True), name="pb_pool_one_citywide"),
            models.CheckConstraint(condition=Q(budget__gt=0), name="pb_pool_budget_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_citywide(self) -> bool:
        return self.area_id is None

    @property
    def name(self) -> str:
        if self.area_id:
            return self.area.name
        return self.label or str(_("Citywide"))


class ProposalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    IN_CO_DEVELOPMENT = "co_development", _("in co-development")
    MERGED = "merged", _("merged into another proposal")
    FEASIBLE = "feasible", _("feasible, on the ballot")
    NOT_FEASIBLE = "not_feasible", _("not feasible")
    FUNDED = "funded", _("funded")
    NOT_FUNDED = "not_funded", _("not funded")


class Proposal(Localized, models.Model):
    """An idea; after the city's cost estimate and feasibility check, a project on the ballot."""

    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="proposals")
    pool = models.ForeignKey(Pool, verbose_name=_("budget pool"), on_delete=models.PROTECT, related_name="proposals")
    code = models.CharField(_("project id"), max_length=40, help_text=_("Used as project_id in .pb files."))
    title_fi = models.CharField(_("title in Finnish"), max_length=300)
    title_sv = models.CharField(_("title in Swedish"), max_length=300, blank=True)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    description_fi = models.TextField(_("description in Finnish"), blank=True)
    description_sv = models.TextField(_("description in Swedish"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=ProposalStatus.choices,
                              default=ProposalStatus.SUBMITTED)
    # the proposal's card: a picture (re-encoded on upload, without its metadata), where and by whom
    image = models.FileField(_("picture"), upload_to="budgeting/proposals/", blank=True)
    image_alt_fi = models.CharField(_("description of the picture in Finnish"), max_length=250, blank=True)
    image_alt_sv = models.CharField(_("description of the picture in Swedish"), max_length=250, blank=True)
    image_alt_en = models.CharField(_("description of the picture in English"), max_length=250, blank=True)
    place_fi = models.CharField(_("place in Finnish"), max_length=200, blank=True)
    place_sv = models.CharField(_("place in Swedish"), max_length=200, blank=True)
    place_en = models.CharField(_("place in English"), max_length=200, blank=True)
    proposer = models.CharField(_("proposer shown publicly"), max_length=200, blank=True,
                                help_text=_("As shown publicly, e.g. a resident association or a first name; only "
                                            "with the proposer's consent."))
    cost = models.PositiveIntegerField(_("cost estimate (€)"), null=True, blank=True)
    feasibility_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the proposal is not feasible, or what changed in co-development."))
    merged_into = models.ForeignKey("self", verbose_name=_("merged into"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="merged_from")
    cost_basis = models.TextField(_("basis of the cost estimate"), blank=True,
                                  help_text=_("What the estimate includes and who made it; shown publicly."))
    # moderation: a hidden proposal is shown to staff only, with the recorded reason
    is_hidden = models.BooleanField(_("hidden"), default=False)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    # results (filled when the results are computed; shown to the public once published)
    votes = models.PositiveIntegerField(_("votes"), null=True, blank=True)
    result_reason = models.CharField(_("result reason"), max_length=40, blank=True)
    result_details = models.JSONField(_("result details"), default=dict, blank=True)
    programme_project = models.ForeignKey("programme.Project", verbose_name=_("programme action"), null=True,
                                          blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["round", "pool", "code"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [models.UniqueConstraint(fields=["round", "code"], name="pb_proposal_unique_code")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def description(self) -> str:
        return self.localized("description")

    @property
    def image_alt(self) -> str:
        return self.localized("image_alt")

    @property
    def picture_version(self) -> str:
        """Changes with the picture (its stored name carries a random part), for the picture address."""
        return self.image.name.rsplit("/", 1)[-1].split(".")[0][-8:] if self.image else ""

    @property
    def image_alt_language(self) -> str:
        """The language of :attr:`image_alt` (for the picture's ``lang``: a fallback text is read in its own)."""
        return self.localized_language("image_alt")

    @property
    def place(self) -> str:
        return self.localized("place")

    @property
    def on_ballot(self) -> bool:
        return self.status in (ProposalStatus.FEASIBLE, ProposalStatus.FUNDED, ProposalStatus.NOT_FUNDED)

    def clean(self) -> None:
        if self.pool_id and self.round_id and self.pool.round_id != self.round_id:
            raise ValidationError({"pool": _("The pool belongs to another round.")})
        if self.status == ProposalStatus.FEASIBLE and not self.cost:
            raise ValidationError({"cost": _("A feasible proposal needs a cost estimate.")})
        if self.status == ProposalStatus.NOT_FEASIBLE and not self.feasibility_reason.strip():
            raise ValidationError({"feasibility_reason": _("Give the reason why the proposal is not feasible.")})
        if self.cost and self.pool_id and self.cost > self.pool.budget:
            raise ValidationError({"cost": _("The cost estimate exceeds the pool's budget.")})
        if self.is_hidden and self.on_ballot:
            raise ValidationError({"is_hidden": _("A hidden proposal cannot be on the ballot: show it to residents "
                                                  "first.")})
        if self.image and not self.image_alt_fi.strip():
            raise ValidationError({"image_alt_fi": _("Describe the picture in Finnish for people who cannot see "
                                                     "it.")})


class VoterMethod(models.TextChoices):
    ONLINE = "online", _("online")
    PAPER = "paper", _("paper ballot entered by staff")
    ASSISTED = "assisted", _("assisted vote entered by staff")


class Voter(models.Model):
    """The voter roll: one row per person and round (a keyed hash of the identity); nothing else about them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    roll_hash = models.CharField(max_length=64)
    method = models.CharField(max_length=10, choices=VoterMethod.choices, default=VoterMethod.ONLINE)

    class Meta:
        verbose_name = _("voter roll entry")
        verbose_name_plural = _("voter roll")
        constraints = [models.UniqueConstraint(fields=["round", "roll_hash"], name="pb_voter_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round_id}:{self.roll_hash[:8]}"


class PendingBallot(models.Model):
    """A cast ballot waiting to be mixed into the counted ballots: sealed (AES-GCM) content only."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    class Meta:
        verbose_name = _("pending ballot")
        verbose_name_plural = _("pending ballots")

    def __str__(self) -> str:
        return str(self.pk)


class Ballot(models.Model):
    """One person's counted ballot in a round: citywide choices plus the choices in one area pool. No link to the
    roll, no timestamps; written only by the mixer. The totals and limits are stored on the row so that the
    database itself refuses an over-budget or out-of-range ballot (CHECK constraints)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="ballots")
    # keyed hash of the voter's receipt code (for paper ballots of a code nobody sees, so that they look alike);
    # NULL only for imported ballots
    receipt_hash = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    # the voter's change tag, HMAC(K_change, round, voter token): found again when the voter identifies again
    # through the identity provider, to replace the ballot. Keyed with a key outside the database, independent of
    # the roll's key, so the database alone cannot tie it to a roll entry; random for paper ballots; wiped at the
    # close. NULL for imported ballots and after the close.
    change_tag = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001
    area_pool = models.ForeignKey(Pool, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    city_cost = models.PositiveIntegerField(default=0)
    city_count = models.PositiveSmallIntegerField(default=0)
    city_limit = models.PositiveIntegerField(default=0)
    area_cost = models.PositiveIntegerField(default=0)
    area_count = models.PositiveSmallIntegerField(default=0)
    area_limit = models.PositiveIntegerField(default=0)
    max_count = models.PositiveSmallIntegerField(default=0)
    choices = models.ManyToManyField(Proposal, through="BallotChoice", related_name="+")

    class Meta:
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["round", "receipt_hash"], name="pb_ballot_one_per_receipt"),
            models.UniqueConstraint(fields=["round", "change_tag"], name="pb_ballot_one_per_change_tag"),
            models.CheckConstraint(condition=Q(city_cost__lte=F("city_limit")), name="pb_ballot_city_within_budget"),
            models.CheckConstraint(condition=Q(area_cost__lte=F("area_limit")), name="pb_ballot_area_within_budget"),
            models.CheckConstraint(condition=Q(city_count__lte=F("max_count")), name="pb_ballot_city_max_count"),
            models.CheckConstraint(condition=Q(area_count__lte=F("max_count")), name="pb_ballot_area_max_count"),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class BallotChoice(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choice_rows")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["ballot", "proposal"], name="pb_choice_once")]

    def __str__(self) -> str:
        return f"{self.ballot_id}:{self.proposal_id}"


class VotingCode(models.Model):
    """A one-time voting code of the development identity provider, stored only as a keyed hash."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    home_area = models.ForeignKey("areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    redeemed = models.BooleanField(default=False)
    # the voter token of the person the code was issued to (from their identity code), so that their paper and
    # online votes meet on the roll; empty for anonymous development codes
    person_token = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("voting code")
        verbose_name_plural = _("voting codes")

    def __str__(self) -> str:
        return self.code_hash[:8]


# The accountability models live in their own module (funded projects followed after the vote); importing them
# here registers them with the app.
from yhteiso.budgeting.models_accountability import Implementation, ImplementationUpdate  # noqa: E402, F401
