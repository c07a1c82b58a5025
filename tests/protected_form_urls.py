"""A small form view on the shared protection, to test that protection through HTTP."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path

from pages.protection import ProtectedFormMixin, is_rate_limited, too_many_requests
from uclg_site.urls import urlpatterns as site_urlpatterns

SUBMISSIONS = []
FORM_TEMPLATE = engines["django"].from_string(
    '<form method="post">{% csrf_token %}{{ form.non_field_errors }}{{ form.name }}{{ form.name.errors }}'
    '<div class="form__trap" aria-hidden="true">{{ form.honeypot }}</div>{{ form.started }}</form>'
)


class MessageForm(ProtectedFormMixin, forms.Form):
    name = forms.CharField(max_length=100)


def message_view(request):
    if request.method == "POST":
        if is_rate_limited(request, group="test-message", rate="3/h"):
            return too_many_requests(request)
        form = MessageForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                SUBMISSIONS.append(form.cleaned_data["name"])
            return HttpResponse("Thank you")
    else:
        form = MessageForm()
    return HttpResponse(FORM_TEMPLATE.render({"form": form}, request))


urlpatterns = [path("message/", message_view), *site_urlpatterns]
