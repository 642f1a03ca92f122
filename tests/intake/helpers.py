"""Helpers for the intake tests: complaint bodies, form posts and small real files."""

from __future__ import annotations

import io
import re

from PIL import Image
from PIL.TiffImagePlugin import IFDRational

SAMARINDA = "64.72"


def body(category: str = "wage_below_minimum", **overrides) -> dict:
    """A valid API body for ``category``; nested overrides replace whole sections."""
    base = {
        "category": category,
        "employer": {"name": "PT Borneo Sawit Lestari", "region_code": SAMARINDA},
        "description": "Upah saya dibayar di bawah UMK sejak awal tahun.",
        "privacy": "confidential",
    }
    base.update(SECTION_DEFAULTS.get(category, {}))
    base.update(overrides)
    return base


SECTION_DEFAULTS = {
    "wage_below_minimum": {"wage": {"monthly_wage": 3000000, "year": 2025}},
    "pkwt_misuse": {"contract": {"type": "pkwt", "start_date": "2018-01-01", "renewals": 4,
                                 "written": False}},
    "outsourcing_misuse": {"outsourcing": {"company": "PT Penyalur Jaya"}},
    "bpjs_ketenagakerjaan": {"bpjs": {"ketenagakerjaan": False, "employment_start": "2023-02-01"}},
    "bpjs_kesehatan": {"bpjs": {"kesehatan": False}},
    "thr_unpaid": {"thr": {"holiday": "2025-03-31", "employment_start": "2020-01-01"},
                   "wage": {"monthly_wage": 4000000, "year": 2025}},
    "overtime_unpaid": {"overtime": {"days": 10, "hours_per_day": 2},
                        "wage": {"monthly_wage": 4325000, "year": 2025}},
    "severance_unpaid": {"severance": {"end_date": "2025-01-31", "service_years": 4},
                         "wage": {"monthly_wage": 4000000, "year": 2025}},
    "other": {},
}

FORM_DEFAULTS = {
    "wage_below_minimum": {"monthly_wage": "3.000.000", "wage_year": "2025"},
    "pkwt_misuse": {"contract_type": "pkwt", "contract_start": "2018-01-01", "renewals": "4",
                    "written": "tidak"},
    "outsourcing_misuse": {"outsourcing_company": "PT Penyalur Jaya"},
    "bpjs_ketenagakerjaan": {"bpjs_ketenagakerjaan": "tidak"},
    "bpjs_kesehatan": {"bpjs_kesehatan": "tidak"},
    "thr_unpaid": {"thr_holiday": "2025-03-31"},
    "overtime_unpaid": {"overtime_days": "10", "overtime_hours": "2"},
    "severance_unpaid": {"severance_end": "2025-01-31", "service_years": "4"},
    "other": {},
}


def form_fields(category: str = "wage_below_minimum", **overrides) -> dict:
    data = {"category": category, "employer_name": "PT Borneo Sawit Lestari",
            "employer_region": SAMARINDA, "description": "Upah saya dibayar di bawah UMK.",
            "privacy": "confidential"}
    data.update(FORM_DEFAULTS[category])
    data.update(overrides)
    return data


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)


def open_form(client, category: str = "wage_below_minimum", path: str = "/complaints/new") -> str:
    response = client.get(f"{path}?category={category}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post_form(client, category: str = "wage_below_minimum", path: str = "/complaints/new",
              html: str | None = None, **fields):
    html = html or open_form(client, category, path)
    data = form_fields(category, **fields)
    data["form_token"] = hidden(html, "form_token")
    if 'name="csrf_token"' in html:
        data["csrf_token"] = hidden(html, "csrf_token")
    return client.post(f"{path}?category={category}", data=data,
                       content_type="multipart/form-data")


def codes_from_receipt(html: str) -> tuple[str, str]:
    tracking = re.search(r'id="tracking-code">([^<]+)<', html).group(1)
    access = re.search(r'id="access-code">([^<]+)<', html).group(1)
    return tracking, access


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)  # where the photo was taken: Samarinda
    gps.update({1: "S", 2: (IFDRational(0), IFDRational(30), IFDRational(0)), 3: "E",
                4: (IFDRational(117), IFDRational(9), IFDRational(0))})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10), (0, 90, 200)).save(out, "PNG")
    return out.getvalue()


def tiny_pdf() -> bytes:
    """A minimal but well-formed one-page PDF, with a correct xref table."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + obj + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
