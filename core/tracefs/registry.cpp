// The designs, in historical order. Adding one: a file in designs/ and a line here.
#include "tracefs/design.h"
#include "tracefs/designs/designs.h"

namespace ds {

const std::vector<const Design*>& allDesigns() {
    static const eventfs::V65Static v65;
    static const eventfs::V66rc1 v66rc1;
    static const eventfs::V67 v67;
    static const eventfs::Next20240104 next;
    static const eventfs::RfcOpenRefs rfcRefs;
    static const eventfs::RfcOpenArray rfcArray;
    static const eventfs::V68 v68;
    static const std::vector<const Design*> all{&v65, &v66rc1, &v67, &next, &rfcRefs, &rfcArray, &v68};
    return all;
}

const Design* findDesign(std::string_view name) {
    for (const Design* d : allDesigns())
        if (d->name() == name) return d;
    return nullptr;
}

}  // namespace ds
