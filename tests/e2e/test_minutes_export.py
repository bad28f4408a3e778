"""Real browser: download the 4th meeting's side-by-side Word minutes, and upload a letterhead in Settings."""

from docx import Document

from tests.support.live import download_minutes, settle


def nav(page, text):
    page.get_by_test_id("stSidebarNavLink").filter(has_text=text).click()
    settle(page)


def test_download_side_by_side_minutes_from_the_meeting_page(page, tmp_path):
    nav(page, "Meetings")
    page.get_by_role("heading", name="Minutes of the Fourth Meeting").wait_for()
    page.get_by_text("Side by side (EN | FR)").click()
    settle(page)
    page.get_by_text("Personal-data check: nothing found.").wait_for()
    doc = download_minutes(page, tmp_path, "minutes-NE-NG-04-both-restricted.docx")
    first = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert ["Minutes of the Fourth Meeting of the Joint Technical Working Group (JTWG)",
            "Procès-verbal de la quatrième réunion du groupe de travail technique conjoint (GTTC)"] in first
    assert page.get_by_test_id("stException").count() == 0


def upload(page, path):
    """Choose a file, wait until the uploader lists it (the upload is done), then ask to use it."""
    page.locator("[data-testid='stFileUploader'] input[type='file']").set_input_files(str(path))
    page.get_by_test_id("stFileUploader").get_by_text(path.name).wait_for()
    settle(page)
    page.get_by_role("button", name="Use this base document").click()


def test_upload_a_letterhead_in_settings(page, tmp_path):
    letterhead = Document()
    letterhead.sections[0].header.paragraphs[0].text = "Secretariat letterhead"
    path = tmp_path / "letterhead.docx"
    letterhead.save(path)
    nav(page, "Settings")
    upload(page, path)
    page.get_by_text("letterhead.docx will be used for every Word export.").wait_for()
    settle(page)
    page.get_by_text("In use: letterhead.docx").wait_for()
    bad = tmp_path / "notes.docx"
    bad.write_bytes(b"plain text pretending to be Word")
    upload(page, bad)
    page.get_by_text("This is not a Word document (.docx).").wait_for()
    assert page.get_by_test_id("stException").count() == 0
