"""The partnership app's forms, split by concept, re-exported here."""

from .access_log import AccessLogFilterForm, ExportReasonForm
from .account import CodeForm, ConfirmForm, SetUpCodeForm
from .data_protection import SubjectAccessForm
from .fields import (
    DATE_HELP,
    DATE_INPUT_FORMATS,
    REASON_FIELD_KWARGS,
    ReasonForm,
    SensibleDateField,
    date_field,
)
from .govuk import GovukForm, GovukFormMixin, GovukFormRenderer
from .people import PeopleFilterForm, PersonAddForm, RoleAddForm, RoleFieldsMixin
from .priorities import PriorityForm
from .sharing import AgreementForm, PublishForm
from .sign_in import GovukPasswordResetForm, GovukSetPasswordForm, SignInForm

__all__ = [
    "AccessLogFilterForm",
    "AgreementForm",
    "CodeForm",
    "ConfirmForm",
    "DATE_HELP",
    "DATE_INPUT_FORMATS",
    "ExportReasonForm",
    "GovukForm",
    "GovukFormMixin",
    "GovukFormRenderer",
    "GovukPasswordResetForm",
    "GovukSetPasswordForm",
    "PeopleFilterForm",
    "PersonAddForm",
    "PriorityForm",
    "PublishForm",
    "REASON_FIELD_KWARGS",
    "ReasonForm",
    "RoleAddForm",
    "RoleFieldsMixin",
    "SensibleDateField",
    "SetUpCodeForm",
    "SignInForm",
    "SubjectAccessForm",
    "date_field",
]
