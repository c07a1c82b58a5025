"""The home page's COVID-19 resources block, which the repository contributes through
`pages.home_blocks`. It shows once the repository app's `ready()` calls
`pages.repository.home_block.register()`."""

from tests.builders_repository import make_resource, repository


def test_home_page_shows_featured_resources_and_links_the_repository(client, home_page):
    featured = make_resource("Featured on the home page", featured=True, publication_date="2030-01-01")
    html = client.get("/").content.decode()
    assert "COVID-19 Resources" in html and featured.title in html
    assert f'href="{repository().url}"' in html
    assert home_page.hero_link_id == repository().pk


def test_the_resources_block_comes_after_the_activities_and_before_the_newsletters(client, db):
    make_resource("Featured between activities and newsletters", featured=True, publication_date="2030-01-01")
    html = client.get("/").content.decode()
    assert html.index('id="activities-heading"') < html.index('id="resources-heading"')
    assert html.index('id="resources-heading"') < html.index('id="newsletters-heading"')
