"""What the chat says about alerts: a condition read from words is said back
with a button to confirm it (nothing is set on a guess), the alerts a user
has are listed with a button to remove each, and a button runs each step.
`ChatService` hands it the questions parsed as alerts and the alert buttons."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.announcements.alerts import MAX_ALERTS, AlertBook, AlertError, AlertSpec
from bot.answers.compose import suggestions
from bot.answers.model import Language
from bot.catalog import Speaker, speaker
from bot.chat import commands
from bot.data.store import IndicatorStore
from bot.replies import Reply, Suggestion
from nlp.frame import Frame
from nlp.vocabulary import TOTAL

CHANNEL = "line"
CENT = Decimal("0.01")
EXAMPLES = {
    "th": ("แจ้งเตือนเมื่อ MPI ยานยนต์ลดลงเกิน 5% เทียบปีก่อน", "แจ้งเตือนเมื่ออัตราการใช้กำลังการผลิตสูงกว่า 70"),
    "en": (
        "alert me when the auto MPI falls more than 5% on a year before",
        "alert me when capacity utilization goes above 70",
    ),
}


@dataclass(frozen=True)
class AlertDialogue:
    book: AlertBook
    store: IndicatorStore

    def reply_to(self, user_id: str, question: Frame, language: Language) -> Reply:
        said = speaker(language)
        if question.alert_action == "list":
            return self.listing(user_id, language)
        if question.alert_action == "remove":
            return self.listing(user_id, language, asked_to_remove=True)
        spec = self.spec_of(question)
        if spec is None:
            text = said.say(
                "Tell me the indicator, the sector and the line, for example: %(example)s",
                example=EXAMPLES[language][0],
            )
            return Reply(texts=[text], suggestions=self._examples(said))
        condition = spec.describe(said, self.store.snapshot())
        text = said.say(
            "Set an alert for when %(condition)s? Each new release that meets it sends you one message "
            "with the figure and a chart.",
            condition=condition,
        )
        confirm = Suggestion(
            said.say("Set the alert"), said.say("set the alert"), commands.set_alert(spec.fields(), language)
        )
        cancel = Suggestion(said.say("Cancel"), said.say("cancel"), commands.list_alerts(language))
        return Reply(texts=[text], suggestions=[confirm, cancel])

    def spec_of(self, question: Frame) -> AlertSpec | None:
        """The alert the words ask for; a level written in percent about an index is its change."""
        condition = question.condition
        if condition is None:
            return None
        snapshot = self.store.snapshot()
        indicator = question.indicator or "MPI"
        if indicator not in snapshot.indicators:
            return None
        if condition.measure == "level" and condition.percent and not snapshot.changes_in_points(indicator):
            condition = condition.as_change()
        comparison = (question.comparison or "yoy") if condition.measure == "change" else ""
        return AlertSpec(
            indicator, question.sector or TOTAL, condition.measure, condition.direction,
            condition.threshold.quantize(CENT), comparison,
        )  # fmt: skip

    def set(self, user_id: str, fields: dict[str, str], language: Language) -> Reply:
        """The confirming button: the alert is set (the same one twice is one)."""
        said = speaker(language)
        snapshot = self.store.snapshot()
        try:
            spec = AlertSpec.read(fields, snapshot)
            _, new = self.book.add(CHANNEL, user_id, spec, language)
        except AlertError as error:
            if error.reason == "too_many":
                text = said.say(
                    "You have %(count)d alerts, the most one account can have. Remove one first.", count=MAX_ALERTS
                )
                return self.listing(user_id, language, lead=text)
            return Reply(texts=[said.say("This alert could not be set.")], suggestions=self._examples(said))
        condition = spec.describe(said, snapshot)
        if new:
            text = said.say(
                "Alert set: %(condition)s. You will get one message for each release that meets it.",
                condition=condition,
            )
        else:
            text = said.say("You already have this alert: %(condition)s.", condition=condition)
        return Reply(texts=[text], suggestions=self._buttons(said))

    def remove(self, user_id: str, alert_id: int | None, language: Language) -> Reply:
        said = speaker(language)
        removed = self.book.remove(CHANNEL, user_id, alert_id)
        if alert_id is None:
            text = said.say("All your alerts are removed.") if removed else said.say("You have no alerts.")
            return Reply(texts=[text], suggestions=self._buttons(said))
        text = said.say("Alert removed.") if removed else said.say("That alert was already removed.")
        return self.listing(user_id, language, lead=text)

    def listing(self, user_id: str, language: Language, asked_to_remove: bool = False, lead: str = "") -> Reply:
        said = speaker(language)
        snapshot = self.store.snapshot()
        alerts = self.book.list(CHANNEL, user_id)
        texts = [lead] if lead else []
        if not alerts and asked_to_remove:
            # "ยกเลิกแจ้งเตือนทั้งหมด" with no alert set: perhaps the monthly news was meant.
            texts.append(said.say("You have no alerts. If you meant the monthly news, tap “Unsubscribe all”."))
            stop_news = Suggestion(
                said.say("Unsubscribe all"), said.say("unsubscribe"), commands.unsubscribe_all(language)
            )
            return Reply(texts=texts, suggestions=[stop_news, *self._examples(said)])
        if not alerts:
            texts.append(said.say("You have no alerts. %(how)s", how=self._how(said)))
            return Reply(texts=texts, suggestions=self._examples(said))
        heading = said.say("Tap one to remove it:") if asked_to_remove else said.say("Your alerts:")
        lines = [f"{number}. {alert.spec.describe(said, snapshot)}" for number, alert in enumerate(alerts, 1)]
        texts.append("\n".join([heading, *lines]))
        buttons = [
            Suggestion(
                said.say("Remove %(number)d", number=number),
                said.say("remove alert %(number)d", number=number),
                commands.remove_alert(alert.id, language),
            )
            for number, alert in enumerate(alerts, 1)
        ]
        everything = Suggestion(
            said.say("Remove all"), said.say("remove all alerts"), commands.remove_alert(None, language)
        )
        return Reply(texts=texts, suggestions=[*buttons, everything])

    def _how(self, said: Speaker) -> str:
        return said.say('To set one, send for example "%(example)s".', example=EXAMPLES[said.language][0])

    def _examples(self, said: Speaker) -> list[Suggestion]:
        return suggestions(
            [(said.say("Example alert"), EXAMPLES[said.language][0]), (said.say("My alerts"), said.say("my alerts"))]
        )

    def _buttons(self, said: Speaker) -> list[Suggestion]:
        return [
            Suggestion(said.say("My alerts"), said.say("my alerts"), commands.list_alerts(said.language)),
            *suggestions([(said.say("Latest MPI"), said.say("latest MPI"))]),
        ]
