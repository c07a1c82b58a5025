"""Moving in from WordPress: a WXR export's posts, pages and media become stories, pages,
images and documents, and the old addresses redirect to them."""
