"""Secret ballot by construction (issue 10): counted ballots lose the keyed link to the voter (``ballot_key``) and
get a receipt hash instead; choices get random UUID keys; a sealed pending ballot box; voting codes may be issued
to a named person. Ballots already stored are re-mixed: rewritten in random order with new random keys, so their
old ids, row order and transaction ids say nothing."""

import secrets
import uuid

import django.db.models.deletion
from django.db import migrations, models


def copy_choices_to_tmp(apps, schema_editor):
    old = apps.get_model("budgeting", "BallotChoice")
    tmp = apps.get_model("budgeting", "BallotChoiceTmp")
    rows = [tmp(id=uuid.uuid4(), ballot_id=b, proposal_id=p) for b, p in old.objects.values_list("ballot_id", "proposal_id")]
    tmp.objects.bulk_create(rows, batch_size=5000)


def remix_ballots(apps, schema_editor):
    ballot_model = apps.get_model("budgeting", "Ballot")
    tmp = apps.get_model("budgeting", "BallotChoiceTmp")
    choice_model = apps.get_model("budgeting", "BallotChoice")
    rng = secrets.SystemRandom()
    fields = ["round_id", "area_pool_id", "city_cost", "city_count", "city_limit", "area_cost", "area_count",
              "area_limit", "max_count"]
    for round_id in ballot_model.objects.values_list("round_id", flat=True).distinct():
        ballots = list(ballot_model.objects.filter(round_id=round_id).values("id", *fields))
        chosen: dict = {}
        for ballot_id, proposal_id in tmp.objects.filter(ballot__round_id=round_id).values_list("ballot_id",
                                                                                              "proposal_id"):
            chosen.setdefault(ballot_id, []).append(proposal_id)
        ballot_model.objects.filter(round_id=round_id).delete()
        rng.shuffle(ballots)
        new_ballots, new_choices = [], []
        for row in ballots:
            new_id = uuid.uuid4()
            new_ballots.append(ballot_model(id=new_id, **{f: row[f] for f in fields}))
            new_choices += [choice_model(id=uuid.uuid4(), ballot_id=new_id, proposal_id=p)
                            for p in chosen.get(row["id"], [])]
        ballot_model.objects.bulk_create(new_ballots, batch_size=5000)
        rng.shuffle(new_choices)
        choice_model.objects.bulk_create(new_choices, batch_size=5000)


class Migration(migrations.Migration):

    dependencies = [
        ("budgeting", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="BallotChoiceTmp",
            fields=[
                ("id", models.UUIDField(primary_key=True, serialize=False)),
                ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="budgeting.ballot")),
                ("proposal", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                               to="budgeting.proposal")),
            ],
        ),
        migrations.RunPython(copy_choices_to_tmp, migrations.RunPython.noop),
        migrations.RemoveField(model_name="ballot", name="choices"),
        migrations.RemoveConstraint(model_name="ballotchoice", name="pb_choice_once"),
        migrations.DeleteModel(name="BallotChoice"),
        migrations.CreateModel(
            name="BallotChoice",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="choice_rows",
                                             to="budgeting.ballot")),
                ("proposal", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+",
                                               to="budgeting.proposal")),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("ballot", "proposal"), name="pb_choice_once")],
            },
        ),
        migrations.AddField(
            model_name="ballot",
            name="choices",
            field=models.ManyToManyField(related_name="+", through="budgeting.BallotChoice", to="budgeting.proposal"),
        ),
        migrations.RemoveConstraint(model_name="ballot", name="pb_ballot_one_per_voter"),
        migrations.RemoveField(model_name="ballot", name="ballot_key"),
        migrations.AddField(
            model_name="ballot",
            name="receipt_hash",
            field=models.CharField(blank=True, max_length=64, null=True),
        ),
        migrations.AddConstraint(
            model_name="ballot",
            constraint=models.UniqueConstraint(fields=("round", "receipt_hash"), name="pb_ballot_one_per_receipt"),
        ),
        migrations.AddField(
            model_name="votingcode",
            name="person_token",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.CreateModel(
            name="PendingBallot",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("sealed", models.BinaryField()),
                ("round", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                            to="budgeting.round")),
            ],
            options={
                "verbose_name": "pending ballot",
                "verbose_name_plural": "pending ballots",
            },
        ),
        migrations.RunPython(remix_ballots, migrations.RunPython.noop),
        migrations.DeleteModel(name="BallotChoiceTmp"),
    ]
