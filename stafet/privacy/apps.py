from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "stafet.privacy"
    label = "privacy"

    def ready(self) -> None:
        # Joins the daily schedule with the retention rule (stafet.notifications.schedule.register_rule).
        from stafet.privacy import retention  # noqa: F401
