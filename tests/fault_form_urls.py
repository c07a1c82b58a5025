"""A protected form that stores each submission and then emails staff, as the membership and
newsletter forms do, to test what happens when the mail server is down."""

from django import forms
from django.http import HttpResponse
from django.template import engines
from django.urls import path
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from pages.mail import send_after_commit
from pages.protection import ProtectedFormMixin, is_rate_limited, too_many_requests
from uclg_site.urls import urlpatterns as site_urlpatterns

FORM_TEMPLATE = engines["django"].from_string('<form method="post">{% csrf_token %}{{ form.as_div }}</form>')


class EnquiryForm(ProtectedFormMixin, forms.Form):
    email = forms.EmailField()
    message = forms.CharField()


def enquiry_view(request):
    if request.method == "POST":
        if is_rate_limited(request, group="test-enquiry", rate="3/h"):
            return too_many_requests(request)
        form = EnquiryForm(request.POST)
        if form.is_valid():
            if not form.is_spam:
                FormSubmission.objects.create(
                    page=Page.objects.get(depth=2, locale__language_code="en"),
                    form_data={"email": form.cleaned_data["email"], "message": form.cleaned_data["message"]},
                )
                send_after_commit("New enquiry", form.cleaned_data["message"], ["staff@example.org"])
            return HttpResponse("Thank you, your message was received")
    else:
        form = EnquiryForm()
    return HttpResponse(FORM_TEMPLATE.render({"form": form}, request))


urlpatterns = [path("enquiry/", enquiry_view), *site_urlpatterns]
