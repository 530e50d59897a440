"""Rules shared by the ballot forms and the services (no writes): whether a ballot keeps the round's rules, and
what a valid ballot contains."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps, UnidentifiedImageError

from yhteiso.budgeting import frozen
from yhteiso.budgeting.models import BallotType, Eligibility, Pool, Proposal, Round, VoterBasis
from yhteiso.core import rows
from yhteiso.core.formatting import money


def ballot_rules_check(*, round: Round, pool: Pool, chosen: list[Proposal]) -> list[str]:
    """The rule violations of one pool's choices, as sentences for the voter (empty when valid)."""
    errors = []
    n = len(chosen)
    total = sum(p.cost or 0 for p in chosen)
    if round.ballot_type == BallotType.APPROVAL:
        if n < round.min_projects:
            errors.append(ngettext("%(pool)s: choose at least %(min)d project; you chose %(n)d.",
                                   "%(pool)s: choose at least %(min)d projects; you chose %(n)d.", round.min_projects)
                          % {"pool": pool.name, "min": round.min_projects, "n": n})
        if n > round.max_projects:
            errors.append(ngettext("%(pool)s: choose at most %(max)d project; you chose %(n)d.",
                                   "%(pool)s: choose at most %(max)d projects; you chose %(n)d.", round.max_projects)
                          % {"pool": pool.name, "max": round.max_projects, "n": n})
    else:
        if n == 0:
            errors.append(_("%(pool)s: choose at least one project.") % {"pool": pool.name})
        if total > pool.budget:
            errors.append(_("%(pool)s: the projects you chose cost %(total)s €, over the budget of %(budget)s € "
                            "by %(over)s €.") % {"pool": pool.name, "total": money(total),
                                                  "budget": money(pool.budget),
                                                  "over": money(total - pool.budget)})
        minimum = pool.budget * round.min_spend_percent // 100
        if n and total < minimum:
            errors.append(_("%(pool)s: the projects you chose cost %(total)s €; choose projects worth at least "
                            "%(min)s € (%(pct)d %% of the budget).")
                          % {"pool": pool.name, "total": money(total), "min": money(minimum),
                             "pct": round.min_spend_percent})
    return errors


def _feasible_proposals(rnd: Round, ids: list[int]) -> list[Proposal]:
    """The round's feasible proposals among ``ids``: kept while the round's rules are frozen (``frozen``), else
    one plain statement."""
    return frozen.feasible(rnd, [i for i in ids if 0 < i <= rows.LARGEST_ID])


def ballot_content(rnd: Round, area_pool: Pool | None, proposal_ids: Iterable[int],
                   pools: dict[int, Pool] | None = None) -> dict:
    """Validate a ballot against the round's rules; return its content (what the mixer turns into a ballot).
    ``pools`` (all the round's pools by id, as the ballot page read them) saves reading them again."""
    if pools is None:
        pools = {p.pk: p for p in rnd.pools.select_related("area")}
    city = next((p for p in pools.values() if p.is_citywide), None)
    if area_pool is not None and (area_pool.pk not in pools or area_pool.is_citywide):
        raise ValidationError({"area_pool": _("Choose one of this round's areas.")})
    ids = list(dict.fromkeys(int(i) for i in proposal_ids))
    proposals = {p.pk: p for p in _feasible_proposals(rnd, ids)}
    if len(proposals) != len(ids):
        raise ValidationError(_("The ballot names a project that is not on this round's ballot."))
    by_pool: dict[int, list[Proposal]] = {}
    for p in proposals.values():
        by_pool.setdefault(p.pool_id, []).append(p)
    allowed_pools = {city.pk if city else None, area_pool.pk if area_pool else None}
    if any(pid not in allowed_pools for pid in by_pool):
        raise ValidationError({"area_pool": _("You chose projects of an area other than the one you vote in.")})
    errors = []
    if city is not None:
        errors += ballot_rules_check(round=rnd, pool=city, chosen=by_pool.get(city.pk, []))
    if area_pool is not None:
        errors += ballot_rules_check(round=rnd, pool=area_pool, chosen=by_pool.get(area_pool.pk, []))
    if errors:
        raise ValidationError(errors)
    city_choices = by_pool.get(city.pk, []) if city else []
    area_choices = by_pool.get(area_pool.pk, []) if area_pool else []
    knapsack = rnd.ballot_type == BallotType.KNAPSACK
    return {
        "area_pool": area_pool.pk if area_pool else None,
        "proposals": sorted(p.pk for p in city_choices + area_choices),
        "totals": {
            "city_cost": sum(p.cost for p in city_choices), "city_count": len(city_choices),
            "area_cost": sum(p.cost for p in area_choices), "area_count": len(area_choices),
            "city_limit": city.budget if (knapsack and city) else 2_000_000_000,
            "area_limit": area_pool.budget if (knapsack and area_pool) else 2_000_000_000,
            "max_count": rnd.max_projects if not knapsack else 32_000,
        },
        "receipt": None,
        "tag": None,
    }


def declaration_check(rnd: Round, *, basis: str | None, area_id: int | None,
                      attested_home: int | None) -> int | None:
    """Check an online voter's declaration of why they may vote against the round's eligibility rule.

    In a round open to those who live, work or study in Espoo the voter says which applies (``basis``) and, when
    the round has area pools, in which area (``area_id``). Returns the area the home-area rule holds the voter
    to: the home area the identity provider attests for a resident, otherwise the declared area. Nothing of the
    declaration is stored."""
    if rnd.eligibility == Eligibility.ANYONE:
        return attested_home
    if rnd.eligibility == Eligibility.LIVES:
        if basis and basis != VoterBasis.LIVES:
            raise ValidationError({"basis": _("In this round only people who live in Espoo may vote.")})
        return attested_home
    if basis not in VoterBasis.values:
        raise ValidationError({"basis": _("Tell whether you live, work or study in Espoo: in this round they "
                                          "may vote.")})
    areas = set(rnd.pools.filter(area__isnull=False).values_list("area_id", flat=True))
    if not areas:
        return attested_home
    if area_id not in areas:
        raise ValidationError({"basis_area": _("Choose the area where you live, work or study.")})
    if basis == VoterBasis.LIVES and attested_home:
        if area_id != attested_home:
            raise ValidationError({"basis_area": _("Your identification gives another home area: choose the area "
                                                   "where you live.")})
        return attested_home
    return area_id


def home_area_check(rnd: Round, area_pool: Pool | None, home_area_id: int | None) -> None:
    """In a round where the area vote is only for one's home area, the chosen area pool must be that area."""
    if rnd.home_area_only and home_area_id and area_pool is not None and area_pool.area_id != home_area_id:
        raise ValidationError({"area_pool": _("In this round you vote in the pool of your own home area.")})


def check_age(rnd: Round, birth_date) -> None:
    if birth_date is None:
        return
    today = timezone.localdate()
    age = today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))
    if age < rnd.min_age:
        raise ValidationError({"identifier": _("The voter is younger than the minimum age of %(age)d years: the "
                                               "vote was not recorded.") % {"age": rnd.min_age}})


# A proposal's picture: JPEG, PNG or WebP up to PICTURE_MAX_BYTES and PICTURE_MAX_PIXELS (a small file may still
# decode into a huge image); stored re-encoded, at most PICTURE_SIDE pixels on its longer side, without the
# original's metadata (a phone photo's EXIF can hold the place it was taken, e.g. the proposer's home).
PICTURE_MAX_BYTES = 5 * 1024 * 1024
PICTURE_MAX_PIXELS = 40_000_000
PICTURE_SIDE = 1600
PICTURE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def picture_prepare(upload, *, name: str) -> ContentFile:
    """The uploaded picture checked and re-encoded (as JPEG, or PNG when it has transparency), or a
    ``ValidationError`` on ``image`` naming what is wrong; nothing is decoded beyond the limits."""
    size = getattr(upload, "size", None)
    if size is None or size > PICTURE_MAX_BYTES:
        raise ValidationError({"image": _("The picture is too large: at most %(mb)d MB.")
                               % {"mb": PICTURE_MAX_BYTES // (1024 * 1024)}})
    data = upload.read(PICTURE_MAX_BYTES + 1)
    if len(data) > PICTURE_MAX_BYTES:
        raise ValidationError({"image": _("The picture is too large: at most %(mb)d MB.")
                               % {"mb": PICTURE_MAX_BYTES // (1024 * 1024)}})
    refused = ValidationError({"image": _("The picture must be a JPEG, PNG or WebP image.")})
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in PICTURE_FORMATS:
                raise refused
            if probe.width * probe.height > PICTURE_MAX_PIXELS:
                raise ValidationError({"image": _("The picture has too many pixels: at most %(mp)d million.")
                                       % {"mp": PICTURE_MAX_PIXELS // 1_000_000}})
            probe.verify()
        with Image.open(io.BytesIO(data)) as opened:
            opened.load()
            img: Image.Image = ImageOps.exif_transpose(opened)
            img.thumbnail((PICTURE_SIDE, PICTURE_SIDE))
            transparent = img.mode in ("RGBA", "LA") or (img.mode == "P" and "transparency" in img.info)
            out = io.BytesIO()
            if transparent:
                img.convert("RGBA").save(out, "PNG", optimize=True)
                ext = "png"
            else:
                img.convert("RGB").save(out, "JPEG", quality=85, optimize=True, progressive=True)
                ext = "jpg"
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError, SyntaxError):
        raise refused from None
    return ContentFile(out.getvalue(), name=f"{name}.{ext}")
