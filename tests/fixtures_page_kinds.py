"""Hand-written pages of each kind for the page-kind tests: an article, a product page, a forum
thread, a category listing, a documentation page and a service page. Each says what it is the
way such pages do on the web (schema.org, og:type, URL shape, markup), in its own words."""

from __future__ import annotations

import json


def _page(url: str, title: str, body: str, head: str = "", ld: dict | None = None) -> str:
    script = f'<script type="application/ld+json">{json.dumps(ld)}</script>' if ld else ""
    return (
        f'<!DOCTYPE html><html><head><title>{title}</title><link rel="canonical" href="{url}">'
        f"{head}{script}</head><body><header><nav><a href='/'>Home</a> <a href='/about'>About</a>"
        f"</nav></header>{body}<footer><a href='/privacy'>Privacy</a></footer></body></html>"
    )


ARTICLE_URL = (
    "https://www.rivertown-gazette.example/2024/05/12/council-approves-new-bridge-over-river"
)
ARTICLE = _page(
    ARTICLE_URL,
    "Council approves new bridge over the river after two years of debate",
    "<article><h1>Council approves new bridge over the river after two years of debate</h1>"
    "<p class='byline'>By Maria Lindqvist · <time datetime='2024-05-12'>May 12, 2024</time></p>"
    "<p>The town council voted seven to two on Tuesday evening to fund a new road bridge across the"
    " river, ending a dispute that has divided the northern and southern districts since the old"
    " crossing was closed for repairs in the spring of 2022.</p>"
    "<p>Engineers told the meeting that the steel span would take roughly eighteen months to build"
    " and would carry two lanes of traffic as well as a separate path for cyclists and walkers,"
    " which residents of the southern bank had demanded at every public hearing.</p>"
    "<p>Opponents argued that the money should have gone to the ferry service instead, saying the"
    " bridge would bring more lorries through the old market square. The mayor said a weight"
    " limit would keep heavy traffic on the ring road once the work is finished.</p></article>",
    head='<meta property="og:type" content="article">'
    '<meta property="article:published_time" content="2024-05-12T18:00:00Z">',
    ld={
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": "Council approves new bridge",
        "datePublished": "2024-05-12",
    },  # fmt: skip
)

PRODUCT_URL = "https://shop.trailgear.example/products/ridgeline-trail-running-shoe"
PRODUCT = _page(
    PRODUCT_URL,
    "Ridgeline Trail Running Shoe",
    "<main><h1>Ridgeline Trail Running Shoe</h1><p class='price'>$129.00</p>"
    "<form action='/cart/add' method='post'><select name='size'><option>9</option>"
    "<option>10</option></select><button type='submit'>Add to cart</button></form>"
    "<p>Our lightest trail shoe yet, the Ridgeline grips wet rock and loose gravel with a deep"
    " lugged outsole, while the cushioned midsole keeps your legs fresh over long mountain days."
    " We built the upper from recycled mesh that drains quickly after river crossings.</p>"
    "<ul><li>Weight: 280 g</li><li>Drop: 6 mm</li><li>Free returns within 30 days</li></ul>"
    "<h2>You may also like</h2><ul><li><a href='/products/summit-sock'>Summit Sock $18.00</a></li>"
    "<li><a href='/products/ridge-gaiter'>Ridge Gaiter $35.00</a></li></ul></main>",
    head='<meta property="og:type" content="product">',
    ld={
        "@context": "https://schema.org",
        "@type": "Product",
        "name": "Ridgeline",
        "offers": {"@type": "Offer", "price": "129.00", "priceCurrency": "USD"},
    },  # fmt: skip
)

FORUM_URL = "https://forum.wheelworks.example/t/chain-keeps-slipping-on-the-smallest-cog/4821"
_POSTS = [
    ("pedalpusher", "I replaced my cassette last month and now the chain keeps slipping on the"
     " smallest cog whenever I climb out of the saddle. My derailleur looks straight to me and I"
     " have already tried adjusting the barrel a few clicks both ways. Any ideas?"),
    ("gearhead77", "Sounds like your chain is worn. I had the same thing when I put a new cassette"
     " on an old chain; I measured mine and it was past the limit, and a new one fixed it."),
    ("pedalpusher", "Thanks, I checked it with my ruler tonight and you were right, it is"
     " stretched. I ordered a new chain and will report back after the weekend ride."),
]  # fmt: skip
FORUM = _page(
    FORUM_URL,
    "Chain keeps slipping on the smallest cog - Drivetrain - Wheelworks Forum",
    "<main><h1>Chain keeps slipping on the smallest cog</h1>"
    + "".join(
        f"<div class='topic-post' data-post-id='{n}'><span class='username'>{who}</span>"
        f"<time datetime='2024-03-0{n}'>Mar {n}</time><div class='cooked'><p>{text}</p></div>"
        f"<button>Reply</button></div>"
        for n, (who, text) in enumerate(_POSTS, start=1)
    )
    + "</main>",
    ld={
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": "Chain keeps slipping",
    },  # fmt: skip
)

LISTING_URL = "https://www.rivertown-gazette.example/category/politics/"
_TEASERS = [
    ("council-approves-new-bridge", "Council approves new bridge over the river",
     "The vote ends two years of argument between the districts."),
    ("mayor-sets-out-budget", "Mayor sets out next year's budget",
     "Spending on roads and schools rises while the parks fund shrinks."),
    ("election-date-confirmed", "Date of the local election confirmed",
     "Voters will go to the polls on the first Thursday of October."),
    ("ferry-service-cut", "Ferry service to be cut in winter",
     "Two of the four daily crossings will stop between November and March."),
    ("new-school-plans", "Plans for a new primary school unveiled",
     "The school would open on the old depot site in three years."),
    ("parking-fees-rise", "Parking fees in the centre to rise",
     "Traders fear fewer shoppers after the increase takes effect."),
]  # fmt: skip
LISTING = _page(
    LISTING_URL,
    "Politics",
    "<main><h1>Politics</h1>"
    + "".join(
        f"<div class='card'><a href='/2024/05/0{n}/{slug}'><img src='/img/{n}.jpg' alt=''></a>"
        f"<h3><a href='/2024/05/0{n}/{slug}'>{headline}</a></h3><p>{teaser}</p></div>"
        for n, (slug, headline, teaser) in enumerate(_TEASERS, start=1)
    )
    + "<nav class='pages'><a href='?page=2'>Next page</a></nav></main>",
    head='<meta property="og:type" content="website">',
    ld={"@context": "https://schema.org", "@type": "CollectionPage", "name": "Politics"},
)

DOCS_URL = "https://docs.tidepool.example/guide/install"
DOCS = _page(
    DOCS_URL,
    "Installation - Tidepool documentation",
    "<div class='sidebar'><ul><li><a href='/guide/install'>Installation</a></li>"
    "<li><a href='/guide/config'>Configuration</a></li><li><a href='/reference/cli'>CLI</a></li>"
    "</ul></div><main><h1>Installation</h1>"
    "<p>Tidepool runs on Linux and macOS with Python 3.11 or newer. Install the package from the"
    " package index into a virtual environment, then check that the command is on your path.</p>"
    "<pre><code>python -m venv .venv\n.venv/bin/pip install tidepool</code></pre>"
    "<p>To enable the optional cloud storage backends, install the extra as well:</p>"
    "<pre><code>.venv/bin/pip install 'tidepool[cloud]'</code></pre>"
    "<p>Run the version command to confirm the installation worked:</p>"
    "<pre><code>tidepool --version</code></pre>"
    "<p>Next, read Configuration to point Tidepool at your data directory.</p></main>",
)

SERVICE_URL = "https://www.brightroof.example/services/roof-repair"
SERVICE = _page(
    SERVICE_URL,
    "Roof Repair Services | Brightroof",
    "<main><h1>Roof Repair</h1>"
    "<p>We fix leaks, storm damage and worn flashing on every kind of roof. Our certified crews"
    " arrive within 48 hours, and we give you a fixed written quote before any work starts.</p>"
    "<p>We have served homeowners in the valley for over twenty years. Our team handles the"
    " insurance paperwork for you, and every repair we make comes with our ten-year warranty.</p>"
    "<a class='btn' href='/contact'>Get a free quote</a>"
    "<a class='btn' href='tel:5550100'>Call us today</a></main>",
)

NON_ARTICLES = {
    "product": (PRODUCT_URL, PRODUCT),
    "forum": (FORUM_URL, FORUM),
    "listing": (LISTING_URL, LISTING),
    "documentation": (DOCS_URL, DOCS),
    "service": (SERVICE_URL, SERVICE),
}
