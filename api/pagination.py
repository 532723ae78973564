"""Pages of a list: ``?page=2``, and ``?page_size=`` up to a maximum."""

import re

from rest_framework import pagination
from rest_framework.exceptions import ValidationError

# A page number or size as written in an address: ASCII digits, no sign, no leading zero.
WHOLE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")


class PageNumberPagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    page_size_query_description = "Records per page (1 to 200; 50 if not given)."

    def get_page_size(self, request) -> int:
        """A page size that is not a whole number from 1 to the maximum is refused (400),
        rather than silently replaced by the default."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not WHOLE_NUMBER.fullmatch(value) or int(value) > self.max_page_size:
            raise ValidationError(
                {"page_size": f"Give a whole number from 1 to {self.max_page_size}."}
            )
        return int(value)
