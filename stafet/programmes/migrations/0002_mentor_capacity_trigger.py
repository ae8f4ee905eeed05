"""The database keeps ``MentorEnrolment.open_mentorships`` itself, with triggers on the mentorship table.

A mentorship that is planned, active or paused holds one of its mentor's places in its cohort. Every insert,
update and delete of a mentorship moves the counter of the mentor's enrolment in that cohort, and the check
constraint ``mentor_never_over_capacity`` refuses the write that would overfill it, whoever writes: the
actions, the admin or a SQL console. An open mentorship whose mentor is not enrolled in its cohort is refused
too. On PostgreSQL the counter's UPDATE locks the enrolment row, so two concurrent writes for the same mentor
are serialised and the second sees the first's count.

The trigger lives here, beside the counter and the constraint it serves; it is written for the two databases
Stafet runs on (SQLite and PostgreSQL). ``OPEN`` must stay equal to ``mentorships.models.OPEN_STATUSES``
(a test checks it).
"""

from django.db import migrations

OPEN = "('planned', 'active', 'paused')"
NOT_ENROLLED = "the mentor is not enrolled in the cohort of the mentorship"

SQLITE = [
    f"""
    CREATE TRIGGER mentorship_holds_place_insert AFTER INSERT ON mentorships_mentorship
    WHEN NEW.status IN {OPEN}
    BEGIN
        SELECT RAISE(ABORT, '{NOT_ENROLLED}') WHERE NOT EXISTS (
            SELECT 1 FROM programmes_mentorenrolment WHERE cohort_id = NEW.cohort_id AND mentor_id = NEW.mentor_id
        );
        UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships + 1
            WHERE cohort_id = NEW.cohort_id AND mentor_id = NEW.mentor_id;
    END
    """,
    f"""
    CREATE TRIGGER mentorship_holds_place_update AFTER UPDATE OF status, cohort_id, mentor_id
    ON mentorships_mentorship
    BEGIN
        UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships - 1
            WHERE OLD.status IN {OPEN} AND cohort_id = OLD.cohort_id AND mentor_id = OLD.mentor_id;
        SELECT RAISE(ABORT, '{NOT_ENROLLED}') WHERE NEW.status IN {OPEN} AND NOT EXISTS (
            SELECT 1 FROM programmes_mentorenrolment WHERE cohort_id = NEW.cohort_id AND mentor_id = NEW.mentor_id
        );
        UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships + 1
            WHERE NEW.status IN {OPEN} AND cohort_id = NEW.cohort_id AND mentor_id = NEW.mentor_id;
    END
    """,
    f"""
    CREATE TRIGGER mentorship_holds_place_delete AFTER DELETE ON mentorships_mentorship
    WHEN OLD.status IN {OPEN}
    BEGIN
        UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships - 1
            WHERE cohort_id = OLD.cohort_id AND mentor_id = OLD.mentor_id;
    END
    """,
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS mentorship_holds_place_insert",
    "DROP TRIGGER IF EXISTS mentorship_holds_place_update",
    "DROP TRIGGER IF EXISTS mentorship_holds_place_delete",
]

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION mentorship_holds_place() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status IN {OPEN} THEN
            UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships - 1
                WHERE cohort_id = OLD.cohort_id AND mentor_id = OLD.mentor_id;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status IN {OPEN} THEN
            UPDATE programmes_mentorenrolment SET open_mentorships = open_mentorships + 1
                WHERE cohort_id = NEW.cohort_id AND mentor_id = NEW.mentor_id;
            IF NOT FOUND THEN
                RAISE EXCEPTION '{NOT_ENROLLED}' USING ERRCODE = 'foreign_key_violation';
            END IF;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER mentorship_holds_place
    AFTER INSERT OR UPDATE OF status, cohort_id, mentor_id OR DELETE ON mentorships_mentorship
    FOR EACH ROW EXECUTE FUNCTION mentorship_holds_place()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS mentorship_holds_place ON mentorships_mentorship",
    "DROP FUNCTION IF EXISTS mentorship_holds_place()",
]

# Counters written before the trigger existed are recounted from the mentorships themselves.
RECOUNT = f"""
    UPDATE programmes_mentorenrolment SET open_mentorships = (
        SELECT COUNT(*) FROM mentorships_mentorship m
        WHERE m.cohort_id = programmes_mentorenrolment.cohort_id
          AND m.mentor_id = programmes_mentorenrolment.mentor_id
          AND m.status IN {OPEN}
    )
"""


def _run(statements):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(f"Stafet's capacity trigger is written for SQLite and PostgreSQL, not {vendor}")
        for sql in statements[vendor]:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("mentorships", "0003_initial"),
    ]

    operations = [
        migrations.RunPython(
            _run({"sqlite": [*SQLITE, RECOUNT], "postgresql": [*POSTGRESQL, RECOUNT]}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
