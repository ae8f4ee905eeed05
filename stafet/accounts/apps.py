from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "stafet.accounts"
    label = "accounts"
    verbose_name = "Login and sessions"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from stafet.accounts.middleware import start_idle_clock

        # Logging in is activity: the idle clock starts then, not with the next page.
        user_logged_in.connect(start_idle_clock, dispatch_uid="stafet.accounts.start_idle_clock")
