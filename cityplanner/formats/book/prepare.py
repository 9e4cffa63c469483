"""What both books need before laying out a page: the content, and its images ready."""

from __future__ import annotations

import logging
from pathlib import Path

from cityplanner.formats.book.images import ImageJob, ReadyImage, ready_images
from cityplanner.formats.book.model import Book, build_book
from cityplanner.formats.book.progress import Steps
from cityplanner.formats.document import ExportOptions, TripDocument

log = logging.getLogger(__name__)


def image_jobs(book: Book, *, photo_size: int, picture_size: int) -> list[ImageJob]:
    """The photos and journal pictures the book prints, each once."""
    jobs: dict[str, ImageJob] = {}
    for photo in book.photos():
        job = ImageJob(photo.sha256, Path(photo.path), photo.sha256, photo_size)
        jobs.setdefault(photo.sha256, job)
    for picture in book.pictures():
        assert picture.path is not None
        key = str(picture.path)
        jobs.setdefault(key, ImageJob(key, picture.path, size=picture_size))
    return list(jobs.values())


def prepare(
    doc: TripDocument,
    options: ExportOptions,
    steps: Steps,
    *,
    photo_size: int,
    picture_size: int,
    other_steps: int,
) -> tuple[Book, dict[str, ReadyImage | str]]:
    """The book and its images, ready; a photo that cannot be read is left out with a note.

    `steps` counts one step to read the trip, one per image and per chapter, and the
    writer's `other_steps`.
    """
    book = build_book(doc, options)
    jobs = image_jobs(book, photo_size=photo_size, picture_size=picture_size)
    steps.total = 1 + len(jobs) + len(book.chapters) + other_steps
    steps.step("Reading the trip")
    images = ready_images(jobs, steps)
    for photo in book.photos():
        problem = images.get(photo.sha256)
        if isinstance(problem, str):
            options.notes.append(f"The photo {photo.file_name} is not in the book: {problem}")
    for picture in book.pictures():
        problem = images.get(str(picture.path))
        if isinstance(problem, str):
            options.notes.append(
                f"The picture “{picture.caption}” of the journal is printed as its caption: "
                f"{problem}"
            )
    return book, images
