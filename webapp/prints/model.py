"""The inputs of every print file, as plain data, and the errors the core raises."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProductPrint:
    """One product as it is printed on a tag or a label."""

    id: int
    name: str
    story_line: str = ""
    technique: str = ""
    material: str = ""
    care: tuple[str, ...] = ()
    price: int | None = None
    link: str = ""  # the owner's marketplace link to this product, if any
    shorter_stories: tuple[str, ...] = ()  # shorter texts the page can offer for story_line


@dataclass(frozen=True)
class BrandPrint:
    """The brand's side of every print: who makes it, where, and how to reach them."""

    name: str
    language: str = "id"
    tone: str = "anda"  # how the brand addresses buyers in Indonesian: anda, kamu or kak
    colours: tuple[str, ...] = ()
    logo: bytes | None = None
    maker: str = ""
    place: str = ""
    about: str = ""
    photo: bytes | None = None
    whatsapp: str = ""  # stored as +62...
    instagram: str = ""
    website: str = ""
    products: tuple[ProductPrint, ...] = ()


@dataclass(frozen=True)
class TagOptions:
    """What the owner chose for a sheet of hang tags."""

    size: str = "tag_5x9"
    copies: int = 1
    show_price: bool = False
    qr: str = "whatsapp"  # whatsapp, instagram or shop


@dataclass(frozen=True)
class Overflow:
    """A text too long for its box at the smallest font size the layout allows."""

    piece: str  # which text: product_name, story_line, about...
    layout: str  # the size's label, as people read it
    message: str  # one sentence in the print's language
    product: str = ""  # the product's name, when the text is a product's
    shorter: str = ""  # a shorter text that does fit, when there is one


class PrintError(Exception):
    """Input that cannot be printed (an unknown size, a link that is not a web address...)."""


@dataclass
class PrintOverflow(PrintError):
    """The renderer refuses to draw text outside its box: these texts are too long."""

    overflows: list[Overflow] = field(default_factory=list)

    def __str__(self) -> str:
        return " ".join(overflow.message for overflow in self.overflows)
