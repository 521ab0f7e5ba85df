pragma circom 2.0.0;

// c = a * b + k, with a and b private, k public; public signals are [c, k].
template MulAdd() {
    signal input a;
    signal input b;
    signal input k;
    signal output c;
    signal ab;
    ab <== a * b;
    c <== ab + k;
}

component main {public [k]} = MulAdd();
