# ruff: noqa: E501
"""Write items.json: the CSL-JSON set that compares our engine with citeproc-js.

Deterministic (a fixed seed, no clock). Three parts:
- real papers, typed in from their published facts;
- realistic machine-learning papers assembled from real authors, real venues
  with their per-year facts (NeurIPS volume, ICML edition and PMLR volume, JMLR
  volume) and real title phrases;
- hand-made edge cases: diacritics for sorting, particles, same author and
  year (2020a/2020b), quotes, question marks, page ranges, editors, long author
  lists, initials, hyphenated given names, protected case.

Run: python tests/data/cite/make_items.py  (rewrites items.json beside it)
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent


def person(text: str) -> dict[str, str]:
    """'Given Family' or 'Family, Given' (comma form keeps particles explicit)."""
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
    else:
        given, _, family = text.rpartition(" ")
    name: dict[str, str] = {"family": family}
    if given:
        name["given"] = given
    for particle in ("van der ", "van ", "de ", "von "):
        if family.startswith(particle):
            name["non-dropping-particle"] = particle.strip()
            name["family"] = family[len(particle) :]
    return name


def names(text: str) -> list[dict[str, str]]:
    return [person(part) for part in text.split(";")]


def neurips(year: int) -> dict[str, object]:
    return {
        "type": "paper-conference",
        "container-title": "Advances in Neural Information Processing Systems",
        "container-title-short": "NeurIPS",
        "volume": str(year - 1987),
        "publisher": "Curran Associates, Inc.",
    }


ICML = {
    2017: (34, 70),
    2018: (35, 80),
    2019: (36, 97),
    2020: (37, 119),
    2021: (38, 139),
    2022: (39, 162),
    2023: (40, 202),
    2024: (41, 235),
}


def icml(year: int) -> dict[str, object]:
    edition, volume = ICML[year]
    return {
        "type": "paper-conference",
        "container-title": f"Proceedings of the {edition}th International Conference on Machine Learning",
        "container-title-short": "ICML",
        "collection-title": "Proceedings of Machine Learning Research",
        "volume": str(volume),
        "publisher": "PMLR",
    }


def iclr(year: int) -> dict[str, object]:
    return {
        "type": "paper-conference",
        "container-title": "International Conference on Learning Representations",
        "container-title-short": "ICLR",
        "publisher": "OpenReview.net",
    }


def jmlr(year: int) -> dict[str, object]:
    return {
        "type": "article-journal",
        "container-title": "Journal of Machine Learning Research",
        "container-title-short": "JMLR",
        "volume": str(year - 1999),
    }


def arxiv(year: int) -> dict[str, object]:
    return {"type": "article", "container-title": "arXiv preprint", "publisher": "arXiv"}


def journal(name: str, short: str) -> object:
    def make(year: int) -> dict[str, object]:
        return {"type": "article-journal", "container-title": name, "container-title-short": short}

    return make


VENUES = {
    "neurips": neurips,
    "icml": icml,
    "iclr": iclr,
    "jmlr": jmlr,
    "arxiv": arxiv,
    "tpami": journal("IEEE Transactions on Pattern Analysis and Machine Intelligence", "TPAMI"),
    "nature": journal("Nature", "Nature"),
    "siims": journal("SIAM Journal on Imaging Sciences", "SIIMS"),
}

# (authors; title; venue; year; pages; extra)
REAL = [
    (
        "Ashish Vaswani;Noam Shazeer;Niki Parmar;Jakob Uszkoreit;Llion Jones;Aidan N. Gomez;Łukasz Kaiser;Illia Polosukhin",
        "Attention is all you need",
        "neurips",
        2017,
        "5998-6008",
        {},
    ),
    (
        "Kaiming He;Xiangyu Zhang;Shaoqing Ren;Jian Sun",
        "Deep residual learning for image recognition",
        "cvpr",
        2016,
        "770-778",
        {},
    ),
    (
        "Diederik P. Kingma;Jimmy Ba",
        "Adam: A method for stochastic optimization",
        "iclr",
        2015,
        "",
        {},
    ),
    (
        "Ian Goodfellow;Jean Pouget-Abadie;Mehdi Mirza;Bing Xu;David Warde-Farley;Sherjil Ozair;Aaron Courville;Yoshua Bengio",
        "Generative adversarial nets",
        "neurips",
        2014,
        "2672-2680",
        {},
    ),
    (
        "Jonathan Ho;Ajay Jain;Pieter Abbeel",
        "Denoising diffusion probabilistic models",
        "neurips",
        2020,
        "6840-6851",
        {},
    ),
    (
        "Yang Song;Jascha Sohl-Dickstein;Diederik P. Kingma;Abhishek Kumar;Stefano Ermon;Ben Poole",
        "Score-based generative modeling through stochastic differential equations",
        "iclr",
        2021,
        "",
        {},
    ),
    (
        "Nitish Srivastava;Geoffrey Hinton;Alex Krizhevsky;Ilya Sutskever;Ruslan Salakhutdinov",
        "Dropout: A simple way to prevent neural networks from overfitting",
        "jmlr",
        2014,
        "1929-1958",
        {"issue": "56"},
    ),
    (
        "Sergey Ioffe;Christian Szegedy",
        "Batch normalization: Accelerating deep network training by reducing internal covariate shift",
        "icml-2015",
        2015,
        "448-456",
        {},
    ),
    (
        "Yann LeCun;Yoshua Bengio;Geoffrey Hinton",
        "Deep learning",
        "nature",
        2015,
        "436-444",
        {"volume": "521", "issue": "7553", "DOI": "10.1038/nature14539"},
    ),
    (
        "David Silver;Aja Huang;Chris J. Maddison;Arthur Guez;Laurent Sifre;George van den Driessche;Julian Schrittwieser;Ioannis Antonoglou;Veda Panneershelvam;Marc Lanctot",
        "Mastering the game of Go with deep neural networks and tree search",
        "nature",
        2016,
        "484-489",
        {"volume": "529", "issue": "7587", "DOI": "10.1038/nature16961"},
    ),
    (
        "Alexey Dosovitskiy;Lucas Beyer;Alexander Kolesnikov;Dirk Weissenborn;Xiaohua Zhai;Thomas Unterthiner;Mostafa Dehghani;Matthias Minderer;Georg Heigold;Sylvain Gelly;Jakob Uszkoreit;Neil Houlsby",
        "An image is worth 16x16 words: Transformers for image recognition at scale",
        "iclr",
        2021,
        "",
        {},
    ),
    (
        "Chelsea Finn;Pieter Abbeel;Sergey Levine",
        "Model-agnostic meta-learning for fast adaptation of deep networks",
        "icml",
        2017,
        "1126-1135",
        {},
    ),
    (
        "Arthur Jacot;Franck Gabriel;Clément Hongler",
        "Neural tangent kernel: Convergence and generalization in neural networks",
        "neurips",
        2018,
        "8571-8580",
        {},
    ),
    (
        "Laurens van der Maaten;Geoffrey Hinton",
        "Visualizing data using t-SNE",
        "jmlr",
        2008,
        "2579-2605",
        {"issue": "86"},
    ),
    (
        "Valentin De Bortoli;James Thornton;Jeremy Heng;Arnaud Doucet",
        "Diffusion Schrödinger bridge with applications to score-based generative modeling",
        "neurips",
        2021,
        "17695-17709",
        {},
    ),
    (
        "Yaodong Yu;Sam Buchanan;Druv Pai;Tianzhe Chu;Ziyang Wu;Shengbang Tong;Benjamin D. Haeffele;Yi Ma",
        "White-box transformers via sparse rate reduction",
        "neurips",
        2023,
        "9422-9457",
        {},
    ),
    (
        "Sam Buchanan;Dar Gilboa;John Wright",
        "Deep networks and the multiple manifold problem",
        "iclr",
        2021,
        "",
        {},
    ),
    (
        "Emmanuel J. Candès;Justin Romberg;Terence Tao",
        "Robust uncertainty principles: Exact signal reconstruction from highly incomplete frequency information",
        "tit",
        2006,
        "489-509",
        {"volume": "52", "issue": "2"},
    ),
    (
        "Robert Tibshirani",
        "Regression shrinkage and selection via the lasso",
        "jrssb",
        1996,
        "267-288",
        {"volume": "58", "issue": "1"},
    ),
    (
        "Amir Beck;Marc Teboulle",
        "A fast iterative shrinkage-thresholding algorithm for linear inverse problems",
        "siims",
        2009,
        "183-202",
        {"volume": "2", "issue": "1"},
    ),
    (
        "Alec Radford;Jong Wook Kim;Chris Hallacy;Aditya Ramesh;Gabriel Goh;Sandhini Agarwal;Girish Sastry;Amanda Askell;Pamela Mishkin;Jack Clark;Gretchen Krueger;Ilya Sutskever",
        "Learning transferable visual models from natural language supervision",
        "icml",
        2021,
        "8748-8763",
        {},
    ),
    (
        "Ting Chen;Simon Kornblith;Mohammad Norouzi;Geoffrey Hinton",
        "A simple framework for contrastive learning of visual representations",
        "icml",
        2020,
        "1597-1607",
        {},
    ),
    (
        "Jacob Devlin;Ming-Wei Chang;Kenton Lee;Kristina Toutanova",
        "BERT: Pre-training of deep bidirectional transformers for language understanding",
        "naacl",
        2019,
        "4171-4186",
        {},
    ),
    (
        "Tom B. Brown;Benjamin Mann;Nick Ryder;Melanie Subbiah;Jared Kaplan;Prafulla Dhariwal;Arvind Neelakantan;Pranav Shyam;Girish Sastry;Amanda Askell",
        "Language models are few-shot learners",
        "neurips",
        2020,
        "1877-1901",
        {},
    ),
    (
        "Ben Mildenhall;Pratul P. Srinivasan;Matthew Tancik;Jonathan T. Barron;Ravi Ramamoorthi;Ren Ng",
        "NeRF: Representing scenes as neural radiance fields for view synthesis",
        "eccv",
        2020,
        "405-421",
        {},
    ),
    (
        "Olaf Ronneberger;Philipp Fischer;Thomas Brox",
        "U-Net: Convolutional networks for biomedical image segmentation",
        "miccai",
        2015,
        "234-241",
        {},
    ),
    ("Stéphane Mallat", "A wavelet tour of signal processing", "book", 1999, "", {}),
    ("Stephen Boyd;Lieven Vandenberghe", "Convex optimization", "book", 2004, "", {}),
    (
        "John Wright;Yi Ma",
        "High-dimensional data analysis with low-dimensional models: Principles, computation, and applications",
        "book",
        2022,
        "",
        {},
    ),
    ("Ilya Loshchilov;Frank Hutter", "Decoupled weight decay regularization", "iclr", 2019, "", {}),
    (
        "Mikhail Belkin;Daniel Hsu;Siyuan Ma;Soumik Mandal",
        "Reconciling modern machine-learning practice and the classical bias–variance trade-off",
        "pnas",
        2019,
        "15849-15854",
        {"volume": "116", "issue": "32"},
    ),
    (
        "Chiyuan Zhang;Samy Bengio;Moritz Hardt;Benjamin Recht;Oriol Vinyals",
        "Understanding deep learning requires rethinking generalization",
        "iclr",
        2017,
        "",
        {},
    ),
    (
        "Jascha Sohl-Dickstein;Eric Weiss;Niru Maheswaranathan;Surya Ganguli",
        "Deep unsupervised learning using nonequilibrium thermodynamics",
        "icml-2015",
        2015,
        "2256-2265",
        {},
    ),
    (
        "Aapo Hyvärinen",
        "Estimation of non-normalized statistical models by score matching",
        "jmlr",
        2005,
        "695-709",
        {"issue": "24"},
    ),
    (
        "Sébastien Bubeck",
        "Convex optimization: Algorithms and complexity",
        "ftml",
        2015,
        "231-357",
        {"volume": "8", "issue": "3-4"},
    ),
    (
        "Gabriel Peyré;Marco Cuturi",
        "Computational optimal transport",
        "ftml",
        2019,
        "355-607",
        {"volume": "11", "issue": "5-6"},
    ),
    (
        "Lénaïc Chizat;Francis Bach",
        "On the global convergence of gradient descent for over-parameterized models using optimal transport",
        "neurips",
        2018,
        "3036-3046",
        {},
    ),
    (
        "Vardan Papyan;X. Y. Han;David L. Donoho",
        "Prevalence of neural collapse during the terminal phase of deep learning training",
        "pnas",
        2020,
        "24652-24663",
        {"volume": "117", "issue": "40"},
    ),
    (
        "Alex Krizhevsky;Ilya Sutskever;Geoffrey E. Hinton",
        "ImageNet classification with deep convolutional neural networks",
        "neurips",
        2012,
        "1097-1105",
        {},
    ),
    (
        "Karen Simonyan;Andrew Zisserman",
        "Very deep convolutional networks for large-scale image recognition",
        "iclr",
        2015,
        "",
        {},
    ),
]

OTHER_VENUES = {
    "cvpr": {
        "type": "paper-conference",
        "container-title": "Proceedings of the IEEE Conference on Computer Vision and Pattern Recognition",
        "container-title-short": "CVPR",
        "publisher": "IEEE",
    },
    "icml-2015": {
        "type": "paper-conference",
        "container-title": "Proceedings of the 32nd International Conference on Machine Learning",
        "collection-title": "Proceedings of Machine Learning Research",
        "volume": "37",
        "publisher": "PMLR",
    },
    "tit": {
        "type": "article-journal",
        "container-title": "IEEE Transactions on Information Theory",
    },
    "jrssb": {
        "type": "article-journal",
        "container-title": "Journal of the Royal Statistical Society: Series B (Methodological)",
    },
    "naacl": {
        "type": "paper-conference",
        "container-title": "Proceedings of the 2019 Conference of the North American Chapter of the Association for Computational Linguistics: Human Language Technologies",
        "publisher": "Association for Computational Linguistics",
        "publisher-place": "Minneapolis, Minnesota",
    },
    "eccv": {
        "type": "paper-conference",
        "container-title": "Computer Vision – ECCV 2020",
        "publisher": "Springer",
        "publisher-place": "Cham",
    },
    "miccai": {
        "type": "paper-conference",
        "container-title": "Medical Image Computing and Computer-Assisted Intervention – MICCAI 2015",
        "publisher": "Springer",
        "publisher-place": "Cham",
    },
    "book": {
        "type": "book",
        "publisher": "Cambridge University Press",
        "publisher-place": "Cambridge",
    },
    "pnas": {
        "type": "article-journal",
        "container-title": "Proceedings of the National Academy of Sciences",
    },
    "ftml": {
        "type": "article-journal",
        "container-title": "Foundations and Trends in Machine Learning",
    },
}

AUTHORS = [
    "Yi Ma",
    "John Wright",
    "Sam Buchanan",
    "Druv Pai",
    "Yaodong Yu",
    "Tianzhe Chu",
    "Ziyang Wu",
    "Benjamin D. Haeffele",
    "René Vidal",
    "Jeremias Sulam",
    "Qing Qu",
    "Zhihui Zhu",
    "Yuqian Zhang",
    "Ju Sun",
    "Dar Gilboa",
    "Xili Dai",
    "Peng Wang",
    "Kwan Ho Ryan Chan",
    "Chong You",
    "Yann LeCun",
    "Yoshua Bengio",
    "Geoffrey Hinton",
    "Léon Bottou",
    "Francis Bach",
    "Julien Mairal",
    "Jean Ponce",
    "Guillermo Sapiro",
    "Stéphane Mallat",
    "Joan Bruna",
    "Emmanuel Candès",
    "Martin J. Wainwright",
    "Michael I. Jordan",
    "Peter L. Bartlett",
    "Sanjeev Arora",
    "Rong Ge",
    "Tengyu Ma",
    "Jason D. Lee",
    "Simon S. Du",
    "Wei Hu",
    "Zhiyuan Li",
    "Ilya Sutskever",
    "Andrej Karpathy",
    "Fei-Fei Li",
    "Jia Deng",
    "Kaiming He",
    "Ross Girshick",
    "Piotr Dollár",
    "Saining Xie",
    "Zhuang Liu",
    "Trevor Darrell",
    "Jitendra Malik",
    "Alexei A. Efros",
    "Pieter Abbeel",
    "Sergey Levine",
    "Chelsea Finn",
    "Percy Liang",
    "Christopher D. Manning",
    "Dan Jurafsky",
    "Łukasz Kaiser",
    "Maciej Wołczyk",
    "Agnieszka Słowik",
    "Åsa Johansson",
    "Émile Durand",
    "Øyvind Hansen",
    "Zoë Kravitz-Lindqvist",
    "Jean-Baptiste Alayrac",
    "Marc'Aurelio Ranzato",
    "Mathilde Caron",
    "Hervé Jégou",
    "Armand Joulin",
    "Gaël Varoquaux",
    "Bernhard Schölkopf",
    "Ulrike von Luxburg",
    "Jürgen Schmidhuber",
    "Sepp Hochreiter",
    "Ondřej Bojar",
    "Nguyễn Thị Minh",
    "Çağlar Gülçehre",
    "Kyunghyun Cho",
    "Dzmitry Bahdanau",
    "Aäron van den Oord",
    "Oriol Vinyals",
    "Koray Kavukcuoglu",
    "Daan Wierstra",
    "Max Welling",
    "Diederik P. Kingma",
    "Tim Salimans",
    "Jonathan Ho",
    "Chitwan Saharia",
    "Mohammad Norouzi",
    "Ruiqi Gao",
    "Yang Song",
    "Stefano Ermon",
    "Arash Vahdat",
    "Karsten Kreis",
    "Tero Karras",
    "Miika Aittala",
    "Samuli Laine",
    "Jaakko Lehtinen",
]

TOPICS = [
    "sparse rate reduction",
    "masked autoencoders",
    "diffusion models",
    "score matching",
    "low-rank adaptation",
    "neural collapse",
    "implicit regularization",
    "in-context learning",
    "optimal transport",
    "contrastive learning",
    "self-supervised learning",
    "dictionary learning",
    "Gaussian processes",
    "the lasso",
    "deep equilibrium models",
    "graph neural networks",
    "vision transformers",
    "mixture of experts",
    "Langevin dynamics",
    "Bayesian optimization",
]
TEMPLATES = [
    "On the convergence of {t}",
    "Understanding {t} through the lens of compression",
    "A theory of {t} for high-dimensional data",
    "Scaling {t} to ImageNet",
    "Provable guarantees for {t}",
    "When does {t} generalize?",
    "Rethinking {t}: A unified view",
    "Towards efficient {t} with linear complexity",
    "{T} via unrolled optimization",
    "Emergence of structure in {t}",
]

EDGE = [
    # sorting with diacritics and particles
    {
        "type": "article-journal",
        "title": "Sparse coding with overcomplete bases",
        "author": names("Åsa Ångström"),
        "container-title": "Neural Computation",
        "volume": "12",
        "issue": "4",
        "page": "1-38",
        "issued": {"date-parts": [[2011]]},
    },
    {
        "type": "article-journal",
        "title": "Kernel methods revisited",
        "author": names("Łucja Łęcka;Piotr Żak"),
        "container-title": "Machine Learning",
        "volume": "88",
        "page": "321-328",
        "issued": {"date-parts": [[2013]]},
    },
    {
        "type": "article-journal",
        "title": "Regularized estimation",
        "author": names("Élodie Éluard"),
        "container-title": "Annals of Statistics",
        "volume": "41",
        "page": "1111-1123",
        "issued": {"date-parts": [[2013]]},
    },
    {
        "type": "article-journal",
        "title": "Zero-shot transfer",
        "author": names("Zygmunt Zabłocki"),
        "container-title": "Machine Learning",
        "volume": "90",
        "page": "95-110",
        "issued": {"date-parts": [[2014]]},
    },
    {
        "type": "article-journal",
        "title": "Another look at particles",
        "author": [
            {"family": "Gogh", "given": "Vincent", "non-dropping-particle": "van"},
            {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"},
        ],
        "container-title": "Journal of Art and Science",
        "volume": "3",
        "page": "12-19",
        "issued": {"date-parts": [[2010]]},
    },
    # same author, same year
    {
        "type": "article-journal",
        "title": "Low-rank matrix recovery from few measurements",
        "author": names("Qing Qu;John Wright"),
        "container-title": "Information and Inference",
        "volume": "7",
        "page": "1-24",
        "issued": {"date-parts": [[2020]]},
    },
    {
        "type": "article-journal",
        "title": "Finding a sparse vector in a subspace",
        "author": names("Qing Qu;John Wright"),
        "container-title": "IEEE Transactions on Information Theory",
        "volume": "62",
        "page": "5855-5880",
        "issued": {"date-parts": [[2020]]},
    },
    {
        "type": "paper-conference",
        "title": "Geometric analysis of phase retrieval",
        "author": names("Qing Qu;John Wright"),
        "container-title": "International Symposium on Information Theory",
        "page": "2379-2383",
        "issued": {"date-parts": [[2020]]},
    },
    # quotes, nested quotes, question marks
    {
        "type": "article-journal",
        "title": 'What is "intelligence" in "artificial intelligence"?',
        "author": names("Melanie Mitchell"),
        "container-title": "AI Magazine",
        "volume": "42",
        "page": "3-12",
        "issued": {"date-parts": [[2021]]},
    },
    {
        "type": "paper-conference",
        "title": "Do \"deep\" networks need 'depth'?",
        "author": names("Ronen Eldan;Ohad Shamir"),
        "container-title": "Conference on Learning Theory",
        "page": "907-940",
        "issued": {"date-parts": [[2016]]},
    },
    {
        "type": "article-journal",
        "title": "Is attention explanation? The case of “saliency”",
        "author": names("Sarthak Jain;Byron C. Wallace"),
        "container-title": "Transactions of the ACL",
        "volume": "8",
        "page": "100-115",
        "issued": {"date-parts": [[2019]]},
    },
    {
        "type": "article",
        "title": "Can transformers learn to sort?",
        "author": names("Ada Lovelace"),
        "container-title": "arXiv preprint",
        "number": "arXiv:2301.01234",
        "issued": {"date-parts": [[2023]]},
    },
    # editors
    {
        "type": "chapter",
        "title": "Sparse representations in vision",
        "author": names("Bruno A. Olshausen"),
        "editor": names("Leo M. Chalupa;John S. Werner"),
        "container-title": "The Visual Neurosciences",
        "publisher": "MIT Press",
        "publisher-place": "Cambridge, MA",
        "page": "1603-1615",
        "issued": {"date-parts": [[2004]]},
    },
    {
        "type": "book",
        "title": "Dataset shift in machine learning",
        "editor": names(
            "Joaquin Quiñonero-Candela;Masashi Sugiyama;Anton Schwaighofer;Neil D. Lawrence"
        ),
        "publisher": "MIT Press",
        "publisher-place": "Cambridge, MA",
        "issued": {"date-parts": [[2009]]},
    },
    # many authors
    {
        "type": "article-journal",
        "title": "Highly accurate protein structure prediction with AlphaFold",
        "author": names(
            "John Jumper;Richard Evans;Alexander Pritzel;Tim Green;Michael Figurnov;Olaf Ronneberger;Kathryn Tunyasuvunakool;Russ Bates;Augustin Žídek;Anna Potapenko;Alex Bridgland;Clemens Meyer;Simon A. A. Kohl;Andrew J. Ballard;Andrew Cowie;Bernardino Romera-Paredes;Stanislav Nikolov;Rishub Jain;Jonas Adler;Trevor Back;Stig Petersen;David Reiman;Ellen Clancy;Michal Zielinski;Martin Steinegger;Michalina Pacholska;Tamas Berghammer;Sebastian Bodenstein;David Silver;Oriol Vinyals;Andrew W. Senior;Koray Kavukcuoglu;Pushmeet Kohli;Demis Hassabis"
        ),
        "container-title": "Nature",
        "volume": "596",
        "issue": "7873",
        "page": "583-589",
        "DOI": "10.1038/s41586-021-03819-2",
        "issued": {"date-parts": [[2021, 8, 26]]},
    },
    # initials, hyphenated given names
    {
        "type": "article-journal",
        "title": "Sampling theorems",
        "author": names("C. E. Shannon;J.-P. Serre;Jean-Pierre Aubin;Ming-Hsuan Yang"),
        "container-title": "Bell System Technical Journal",
        "volume": "27",
        "page": "379-423",
        "issued": {"date-parts": [[1948]]},
    },
    {
        "type": "thesis",
        "title": "Geometry of deep networks",
        "author": names("Sam Buchanan"),
        "genre": "PhD thesis",
        "publisher": "Columbia University",
        "publisher-place": "New York, NY",
        "issued": {"date-parts": [[2022]]},
    },
    {
        "type": "report",
        "title": "Technical report on ProxDM",
        "author": names("Anna Karenina"),
        "publisher": "Toyota Technological Institute at Chicago",
        "number": "TR-2024-01",
        "issued": {"date-parts": [[2024]]},
    },
    # protected case
    {
        "type": "paper-conference",
        "title": '<span class="nocase">ProxDM</span>: Proximal diffusion models for <span class="nocase">CRATE-MAE</span>',
        "author": names("Sam Buchanan;Druv Pai"),
        "container-title": "International Conference on Learning Representations",
        "publisher": "OpenReview.net",
        "issued": {"date-parts": [[2025]]},
    },
    {
        "type": "article-journal",
        "title": 'A <span class="nocase">Gaussian</span> view of the <span class="nocase">Schrödinger</span> bridge',
        "author": names("Valentin De Bortoli"),
        "container-title": "Journal of Machine Learning Research",
        "volume": "24",
        "page": "1-57",
        "issued": {"date-parts": [[2023]]},
    },
    {
        "type": "article-journal",
        "title": "Learning with <i>in vivo</i> data",
        "author": names("Ada Yonath"),
        "container-title": "Cell",
        "volume": "150",
        "page": "21-28",
        "issued": {"date-parts": [[2012]]},
    },
    # date with month/day, no author, literal name
    {
        "type": "report",
        "title": "GPT-4 technical report",
        "author": [{"literal": "OpenAI"}],
        "publisher": "OpenAI",
        "issued": {"date-parts": [[2023, 3, 15]]},
        "URL": "https://arxiv.org/abs/2303.08774",
    },
    {
        "type": "article-journal",
        "title": "Anonymous review of sparse coding",
        "container-title": "Neural Computation",
        "volume": "30",
        "page": "1-2",
        "issued": {"date-parts": [[2018]]},
    },
]


def generated(rng: random.Random, count: int) -> list[dict[str, object]]:
    items = []
    venues = ["neurips", "icml", "iclr", "jmlr", "arxiv", "tpami", "siims"]
    for _ in range(count):
        year = rng.choice(sorted(ICML))
        venue = rng.choice(venues)
        topic = rng.choice(TOPICS)
        template = rng.choice(TEMPLATES)
        title = template.format(t=topic, T=topic[0].upper() + topic[1:])
        n = rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 8, 12])
        authors = rng.sample(AUTHORS, n)
        item = dict(VENUES[venue](year))
        item.update(
            {"title": title, "author": names(";".join(authors)), "issued": {"date-parts": [[year]]}}
        )
        if venue in ("neurips", "icml", "jmlr", "tpami", "siims"):
            first = rng.randrange(1, 40000)
            item["page"] = f"{first}-{first + rng.randrange(5, 60)}"
        if venue in ("tpami", "siims"):
            item["volume"] = str(year - (1978 if venue == "tpami" else 2007))
            item["issue"] = str(rng.randrange(1, 13))
        if venue == "arxiv":
            item["number"] = (
                f"arXiv:{year % 100:02d}{rng.randrange(1, 13):02d}.{rng.randrange(1, 99999):05d}"
            )
            item["DOI"] = f"10.48550/{item['number']}"
        items.append(item)
    return items


def real_items() -> list[dict[str, object]]:
    items = []
    for authors, title, venue, year, pages, extra in REAL:
        base = dict(VENUES[venue](year)) if venue in VENUES else dict(OTHER_VENUES[venue])
        base.update({"title": title, "author": names(authors), "issued": {"date-parts": [[year]]}})
        if pages:
            base["page"] = pages
        base.update(extra)
        items.append(base)
    return items


def main() -> None:
    rng = random.Random(20240)
    items = real_items() + generated(rng, 150) + EDGE
    for index, item in enumerate(items, 1):
        item["id"] = f"ref{index:03d}"
    ordered = [{"id": item.pop("id"), **item} for item in items]
    (HERE / "items.json").write_text(
        json.dumps(ordered, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
