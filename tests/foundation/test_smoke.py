def test_home_page_shows_counts(client, sample_catalogue):
    response = client.get("/")
    assert response.status_code == 200
    assert "2 programmes" in response.content.decode()
