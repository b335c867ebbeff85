"""tempfile.NamedTemporaryFile in text modes: name, prefix/suffix, delete on close or kept."""

import os
from tempfile import NamedTemporaryFile


def main() -> None:
    with NamedTemporaryFile(mode="w+", prefix="pyb_", suffix=".txt") as tmp:
        path = tmp.name
        print(path.split("/")[-1].startswith("pyb_"), path.endswith(".txt"), os.path.exists(path))
        tmp.write("one\ntwo\n")
    print("deleted:", not os.path.exists(path))
    with NamedTemporaryFile(mode="a+", delete=False) as kept:
        kept_path = kept.name
        with open(kept_path, "w") as f:
            f.write("hello")
        with open(kept_path) as f:
            print(f.read(2), f.read())
    print("kept:", os.path.exists(kept_path))
    os.remove(kept_path)
    print("removed:", not os.path.exists(kept_path))


if __name__ == "__main__":
    main()
