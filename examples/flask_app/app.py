"""A small inventory service: a Flask app that transpiles to an axum server on tokio.

Run it with `python3 app.py PORT` (Flask's development server) or `gunicorn -w 2 app:app`.
"""

import sys

from flask import Flask, abort, jsonify, request

app = Flask(__name__)

ITEMS: dict[int, str] = {1: "apple", 2: "banana", 3: "cherry", 4: "dragon fruit", 5: "épinard"}
PRICES: dict[int, float] = {1: 0.5, 2: 0.25, 3: 3.0, 4: 2.75, 5: 1e-05}


def describe(item_id: int) -> str:
    return f"{ITEMS[item_id]} at {PRICES[item_id]:.2f}"


@app.route("/")
def index():
    return "Inventory service"


@app.route("/hello/<name>")
def hello(name):
    return f"Hello, {name}!"


@app.route("/items")
def list_items():
    max_price = request.args.get("max_price", 100.0, type=float)
    chosen = [k for k in ITEMS if PRICES[k] <= max_price]
    return {"count": len(chosen), "items": [{"id": k, "name": ITEMS[k]} for k in chosen]}


@app.route("/items/<int:item_id>")
def item(item_id):
    if item_id not in ITEMS:
        abort(404)
    return jsonify(id=item_id, name=ITEMS[item_id], price=PRICES[item_id], summary=describe(item_id))


@app.post("/items")
def create_item():
    name = request.args.get("name", "unnamed")
    return f"created {name}\n", 201


@app.route("/search", methods=["GET", "POST"])
def search():
    q = request.args.get("q", "")
    limit = request.args.get("limit", 10, type=int)
    found = [name for name in sorted(ITEMS.values()) if q.lower() in name]
    return jsonify(query=q, limit=limit, results=found[:limit], more=len(found) > limit, method=request.method)


@app.get("/price/<float:amount>")
def price(amount):
    affordable = [ITEMS[k] for k in ITEMS if PRICES[k] <= amount]
    return jsonify(affordable)


@app.route("/files/<path:sub>")
def files(sub):
    if sub.endswith(".secret"):
        return "forbidden\n", 403
    return f"file {sub} has {len(sub.split('/'))} part(s)\n"


@app.route("/split/<int:total>/<int:ways>")
def split(total, ways):
    return {"each": total // ways, "left": total % ways}


@app.route("/page")
def page():
    n = request.args.get("n", type=int)
    if n is None:
        return {"error": "missing or bad n"}, 400
    return {"page": n, "next": n + 1}


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    app.run(host="127.0.0.1", port=port)
