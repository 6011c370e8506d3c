"""The scenarios of `minibench.spec`, written once per framework as its own users write them."""
